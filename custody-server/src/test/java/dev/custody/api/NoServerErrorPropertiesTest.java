package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.testing.ScratchDir;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a client sends, the answer is never a 5xx, and refusals are problem+json. */
class NoServerErrorPropertiesTest {
  private static final String POD = IncidentScenario.enc(IncidentScenario.POD);
  private static TestServer s;
  private static Path dir;

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("custody-fuzz");
    s = new TestServer(dir);
    s.postJson("/v1/records?wait=checkpoint", "[{\"n\":1},{\"n\":2},{\"n\":3}]");
    IncidentScenario.post(s);
  }

  @AfterContainer
  static void stop() {
    s.close();
    ScratchDir.delete(dir);
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("0", "-1", "3", "4", "9223372036854775807", "1e3", "", " 1", "0x10"));
  }

  @Property(tries = 300)
  void queryParametersNeverCauseA5xx(
      @ForAll("junk") String a, @ForAll("junk") String b, @ForAll("routes") String route) {
    String path =
        route
            .replace("{a}", URLEncoder.encode(a, StandardCharsets.UTF_8))
            .replace("{b}", URLEncoder.encode(b, StandardCharsets.UTF_8));
    assertNoServerError(s.get(path), path);
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(
        "/v1/records?index={a}",
        "/v1/records?from={a}&limit={b}",
        "/v1/records?index={a}&wait={b}",
        "/v1/records/{a}",
        "/v1/records/sha256:{a}",
        "/v1/log/proof/inclusion?index={a}&size={b}",
        "/v1/log/proof/consistency?from={a}&to={b}",
        "/v1/log/checkpoints?from={a}&limit={b}",
        "/tile/{a}/{b}",
        "/tile/0/{a}.p/{b}",
        "/tile/entries/{a}",
        "/tile/entries/000.p/{a}",
        "/v1/nodes/{a}",
        "/v1/lineage?id={a}&direction={b}",
        "/v1/lineage?id=" + POD + "&depth={a}&limit={b}",
        "/v1/lineage?id=" + POD + "&asOf={a}&direction={b}",
        "/v1/lineage?id=" + POD + "&relations={a}&types={b}",
        "/v1/prov?id={a}&direction={b}",
        "/v1/prov?id=" + POD + "&depth={a}&asOf={b}",
        "/v1/prov?id=" + POD + "&limit={a}&direction={b}",
        "/v1/artifacts/{a}/provenance",
        "/v1/artifacts/sha256:{a}/provenance?asOf={b}",
        "/v1/artifacts/"
            + IncidentScenario.enc(IncidentScenario.DIGEST)
            + "/provenance?asOf={a}&proofs={b}",
        "/v1/impact?purl={a}&versions={b}",
        "/v1/impact?purl=pkg%3Anpm%2Fx&versions=vers%3Anpm%2F{a}",
        "/v1/impact?purl=pkg%3Amaven%2Fg%2Fa&versions=vers%3Amaven%2F{a}&limit={b}",
        "/v1/impact?purl=pkg%3Amaven%2Fg%2Fa&limit={a}&asOf={b}",
        "/v1/paths?from={a}&to={b}",
        "/v1/paths?from=" + POD + "&to={a}&maxDepth={b}",
        "/v1/paths?from=" + POD + "&to=" + POD + "&maxDepth={a}",
        "/v1/diff?from={a}&to={b}",
        "/v1/diff?from=" + POD + "&to=" + POD + "&depth={a}&asOf={b}",
        "/v1/diff?from=" + POD + "&to={a}&limit={b}",
        "/v1/search?q={a}&type={b}",
        "/v1/search?q={a}&limit={b}");
  }

  @Property(tries = 300)
  void recordBodiesNeverCauseA5xx(
      @ForAll("bodies") String body, @ForAll("contentTypes") String type) {
    HttpResponse<byte[]> r = s.post("/v1/records", type, body.getBytes(StandardCharsets.UTF_8));
    assertNoServerError(r, body);
  }

  @Property(tries = 300)
  void provBodiesNeverCauseA5xx(@ForAll("provBodies") String body) {
    HttpResponse<byte[]> r =
        s.post("/v1/prov", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertNoServerError(r, body);
  }

  @Property(tries = 200)
  void sbomBodiesNeverCauseA5xx(
      @ForAll("sbomBodies") String body,
      @ForAll("sbomTypes") String type,
      @ForAll("junk") String subject) {
    HttpResponse<byte[]> r =
        s.post(
            "/v1/sboms?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8),
            type,
            body.getBytes(StandardCharsets.UTF_8));
    assertNoServerError(r, body);
  }

  @Provide
  Arbitrary<String> sbomTypes() {
    return Arbitraries.of("application/json", "application/spdx+json", "application/xml");
  }

  @Provide
  Arbitrary<String> sbomBodies() {
    Arbitrary<String> fragments =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"bomFormat\":\"CycloneDX\"",
            "\"specVersion\":\"1.5\"",
            "\"specVersion\":\"1.2\"",
            "\"version\":1",
            "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"purl\":\"pkg:npm/a@1\"}]",
            "\"components\":[{\"type\":\"library\",\"name\":\"b\",\"bom-ref\":\"b\"}]",
            "\"dependencies\":[{\"ref\":\"b\",\"dependsOn\":[\"b\",\"x\"]}]",
            "\"metadata\":{\"component\":{\"type\":\"application\",\"name\":\"m\"}}",
            "\"spdxVersion\":\"SPDX-2.3\"",
            "\"SPDXID\":\"SPDXRef-DOCUMENT\"",
            "\"packages\":[{\"SPDXID\":\"SPDXRef-p\",\"name\":\"p\"}]",
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">",
            "</bom>",
            "<components/>",
            "1",
            "null");
    return Arbitraries.oneOf(
        fragments.list().ofMaxSize(16).map(l -> String.join("", l)),
        fragments.list().ofMaxSize(8).map(l -> "{" + String.join(",", l) + "}"),
        Arbitraries.strings().ofMaxLength(50));
  }

  @Provide
  Arbitrary<String> provBodies() {
    Arbitrary<String> fragments =
        Arbitraries.of(
            "{",
            "}",
            ":",
            ",",
            "\"prefix\"",
            "{\"ex\":\"https://e.org/\"}",
            "{\"ex\":\"urn:\"}",
            "\"entity\"",
            "\"agent\"",
            "\"activity\"",
            "\"wasGeneratedBy\"",
            "\"bundle\"",
            "\"ex:e\"",
            "\"_:b\"",
            "{}",
            "{\"prov:entity\":\"ex:e\",\"prov:activity\":\"ex:e\"}",
            "{\"prov:type\":{\"$\":\"x\",\"type\":\"xsd:int\"}}",
            "{\"prov:time\":\"2026-01-01T00:00:00\"}",
            "1",
            "null");
    return Arbitraries.oneOf(
        fragments.list().ofMaxSize(24).map(l -> String.join("", l)),
        Arbitraries.strings().ofMaxLength(50));
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> fragments =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            "\"a\"",
            ":",
            ",",
            "1",
            "-0",
            "1e999",
            "null",
            "true",
            "\"\\ud800\"",
            "\"\\u0000\"",
            "{\"a\":1}",
            "\n",
            " ",
            "12345678901234567890",
            "\"é\"",
            "\\");
    return Arbitraries.oneOf(
        fragments.list().ofMaxSize(20).map(l -> String.join("", l)),
        Arbitraries.strings().ofMaxLength(50));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "application/json",
        "application/x-ndjson",
        "application/json; charset=utf-8",
        "text/plain",
        "APPLICATION/JSON");
  }

  private static void assertNoServerError(HttpResponse<byte[]> r, String input) {
    assertThat(r.statusCode()).as("status for %s", input).isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(r.headers().firstValue("Content-Type"))
          .as("content type for %s", input)
          .hasValue("application/problem+json");
    }
  }
}
