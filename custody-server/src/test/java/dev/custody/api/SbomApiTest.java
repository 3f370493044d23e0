package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.model.Payload;
import dev.custody.service.ClockPolicy;
import dev.custody.service.GraphReindexer;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/sboms} over real HTTP on SQLite, with the real SBOMs of testdata/sbom. */
class SbomApiTest {
  static final String JUICE_SHOP = "sbom/cyclonedx-bom-examples/juice-shop-npm-flat.cdx-1.4.json";
  static final String JUICE_SHOP_PURL =
      "pkg:npm/juice-shop@14.1.1?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fjuice-shop%2Fjuice-shop.git";
  static final String SPDX_HELLO = "sbom/spdx-examples/example11-sbom.spdx.json";
  static final String NO_SUBJECT = "sbom/cyclonedx-spec-tests/1.5/valid-component-types-1.5.json";
  static final String IMAGE =
      "ghcr.io/acme/checkout@sha256:4cd9b7672d7fbee8fb51fb1e049f690342035f543a8efe734b7b5ffb0c154a45";

  /** A CycloneDX 1.4 XML BOM: an application with a hash, two libraries, one dependency. */
  static final String XML_BOM =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"
           serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79">
        <metadata>
          <component type="application" bom-ref="app">
            <name>checkout</name>
            <version>1.0.0</version>
            <hashes>
              <hash alg="SHA-256">4cd9b7672d7fbee8fb51fb1e049f690342035f543a8efe734b7b5ffb0c154a45</hash>
            </hashes>
          </component>
        </metadata>
        <components>
          <component type="library" bom-ref="jackson">
            <group>com.fasterxml.jackson.core</group>
            <name>jackson-databind</name>
            <version>2.17.1</version>
            <purl>pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1</purl>
          </component>
          <component type="library" bom-ref="annotations">
            <group>com.fasterxml.jackson.core</group>
            <name>jackson-annotations</name>
            <version>2.17.1</version>
            <purl>pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.17.1</purl>
          </component>
        </components>
        <dependencies>
          <dependency ref="app"><dependency ref="jackson"/></dependency>
          <dependency ref="jackson"><dependency ref="annotations"/></dependency>
        </dependencies>
      </bom>
      """;

  @TempDir Path dir;

  static byte[] file(String f) throws IOException {
    return Files.readAllBytes(TestData.resolve(f));
  }

  static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** The edges of an upstream lineage answer as "subject relation object [custody:sbom]". */
  static List<String> edges(JsonNode lineage) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : lineage.path("edges")) {
      String sbom = "";
      if (e.path("attributes").has("custody:sbom")) {
        sbom = " " + e.path("attributes").get("custody:sbom").asText();
      }
      out.add(
          e.path("subject").asText()
              + " "
              + e.path("relation").asText()
              + " "
              + e.path("object").asText()
              + sbom);
    }
    return out;
  }

  @Test
  void theLargeCycloneDxSbomBecomesTheSbomItsArtifactAndEveryComponent() throws IOException {
    byte[] body = file(JUICE_SHOP);
    String sbom = "sha256:" + sha256(body);
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r = s.post("/v1/sboms?wait=checkpoint", "application/json", body);
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r);
      assertThat(a.get("created").asBoolean()).isTrue();
      assertThat(a.get("format").asText()).isEqualTo("cyclonedx-json");
      assertThat(a.get("specVersion").asText()).isEqualTo("1.4");
      assertThat(a.get("sbom").asText()).isEqualTo(sbom);
      assertThat(a.get("subjects")).extracting(JsonNode::asText).containsExactly(JUICE_SHOP_PURL);
      // 978 distinct package URLs among the 1,115 components, the artifact and the SBOM.
      assertThat(a.get("nodes").asInt()).isEqualTo(980);

      JsonNode node = json(s.get("/v1/nodes/" + enc(sbom)));
      assertThat(node.toString()).contains("\"sbom\"").contains("CycloneDX");
      JsonNode up =
          json(s.get("/v1/lineage?id=" + enc(sbom) + "&direction=upstream&depth=2&limit=5000"));
      assertThat(edges(up))
          .contains(sbom + " wasDerivedFrom " + JUICE_SHOP_PURL)
          .contains(JUICE_SHOP_PURL + " wasDerivedFrom pkg:npm/express@4.18.2 " + sbom);
      // A component's dependency: express depends on accepts.
      JsonNode express =
          json(
              s.get(
                  "/v1/lineage?id="
                      + enc("pkg:npm/express@4.18.2")
                      + "&direction=upstream&depth=1&limit=5000"));
      assertThat(edges(express))
          .contains("pkg:npm/express@4.18.2 wasDerivedFrom pkg:npm/accepts@1.3.8 " + sbom);

      // The document is kept beside the log; the record commits to its digest and size.
      JsonNode record = json(s.get("/v1/records/" + a.get("id").asText())).get("record");
      assertThat(record.has("document")).isFalse();
      String digest = record.at("/documentRef/digest").asText();
      byte[] kept = s.get("/v1/payloads/" + digest).body();
      assertThat(Payload.digestOf(kept)).isEqualTo(digest);
      assertThat(TestServer.JSON.readTree(kept)).isEqualTo(TestServer.JSON.readTree(body));

      // The stored record cannot be submitted by hand: only /v1/sboms validates an SBOM.
      long size = s.log.store().size();
      HttpResponse<byte[]> forged = s.postJson("/v1/records", record.toString());
      assertThat(forged.statusCode()).as(TestServer.text(forged)).isEqualTo(400);
      assertThat(json(forged).get("field").asText()).isEqualTo("/0/_type");
      assertThat(s.log.store().size()).isEqualTo(size);
    }
  }

  @Test
  void postingTheSameSbomAgainLogsNothingNew() throws IOException {
    try (TestServer s = new TestServer(dir)) {
      JsonNode first = json(s.post("/v1/sboms", "application/json", file(SPDX_HELLO)));
      HttpResponse<byte[]> again = s.post("/v1/sboms", "application/json", file(SPDX_HELLO));
      assertThat(again.statusCode()).as(TestServer.text(again)).isEqualTo(201);
      JsonNode second = json(again);
      assertThat(first.get("created").asBoolean()).isTrue();
      assertThat(second.get("created").asBoolean()).isFalse();
      assertThat(second.get("index")).isEqualTo(first.get("index"));
      assertThat(second.get("logSize")).isEqualTo(first.get("logSize"));
      assertThat(s.log.store().size()).isEqualTo(1);
    }
  }

  @Test
  void anSpdxSbomDescribesItsPackageWhichDependsOnItsComponents() throws IOException {
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r =
          s.post("/v1/sboms?wait=checkpoint", "application/spdx+json", file(SPDX_HELLO));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r);
      assertThat(a.get("format").asText()).isEqualTo("spdx-json");
      assertThat(a.get("specVersion").asText()).isEqualTo("SPDX-2.3");
      String pkg = "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x";
      assertThat(a.get("subjects")).extracting(JsonNode::asText).contains(pkg);
      JsonNode up = json(s.get("/v1/lineage?id=" + enc(pkg) + "&direction=upstream&depth=1"));
      assertThat(edges(up))
          .contains(pkg + " wasDerivedFrom pkg:cargo/tokio@1.19.2 " + a.get("sbom").asText());
    }
  }

  @Test
  void anXmlCycloneDxBomIsReadAndItsArtifactIsNamedByDigest() {
    String digest = "sha256:4cd9b7672d7fbee8fb51fb1e049f690342035f543a8efe734b7b5ffb0c154a45";
    String jackson = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1";
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/sboms?wait=checkpoint",
              "application/vnd.cyclonedx+xml",
              XML_BOM.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r);
      assertThat(a.get("format").asText()).isEqualTo("cyclonedx-xml");
      assertThat(a.get("subjects")).extracting(JsonNode::asText).containsExactly(digest);
      JsonNode up = json(s.get("/v1/lineage?id=" + enc(jackson) + "&direction=upstream"));
      assertThat(edges(up))
          .contains(
              jackson
                  + " wasDerivedFrom pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.17.1 "
                  + a.get("sbom").asText());
    }
  }

  @Test
  void theSubjectParameterNamesTheArtifactWhenTheDocumentNamesNone() throws IOException {
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r =
          s.post("/v1/sboms?subject=" + enc(IMAGE), "application/json", file(NO_SUBJECT));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      assertThat(json(r).get("subjects")).extracting(JsonNode::asText).containsExactly(IMAGE);
      JsonNode node = json(s.get("/v1/nodes/" + enc(IMAGE)));
      assertThat(node.toString()).contains("container-image");
    }
  }

  /** What the problem's detail says for each refused input. */
  static final java.util.Map<String, String> REASONS =
      java.util.Map.ofEntries(
          java.util.Map.entry("MALFORMED", "neither XML nor valid JSON"),
          java.util.Map.entry("UNKNOWN", "not a CycloneDX"),
          java.util.Map.entry("ARRAY", "must be a JSON object"),
          java.util.Map.entry("SCHEMA", "does not match the CycloneDX 1.6 schema"),
          java.util.Map.entry("NO_VERSION", "states its specVersion"),
          java.util.Map.entry("OLD_VERSION", "unsupported CycloneDX version '1.1'"),
          java.util.Map.entry("SPDX3", "unsupported SPDX version"),
          java.util.Map.entry("SPDX_NO_NAMESPACE", "requires documentNamespace"),
          java.util.Map.entry("DOCTYPE", "must not contain a DOCTYPE"),
          java.util.Map.entry("NOT_CDX_XML", "not a CycloneDX BOM"),
          java.util.Map.entry("BAD_XML", "does not match the CycloneDX 1.4 XML schema"),
          java.util.Map.entry("XML", "Content-Type says JSON but the body is not"),
          java.util.Map.entry("BAD_SUBJECT", "md5"));

  /** Bad input: a 4xx problem naming the field or reason, nothing written. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON|application/json|MALFORMED||400",
        "unknown format|application/json|UNKNOWN||400",
        "JSON array|application/json|ARRAY||400",
        "schema-invalid CycloneDX|application/json|SCHEMA|/components/0/type|400",
        "CycloneDX without specVersion|application/json|NO_VERSION|/specVersion|400",
        "unsupported CycloneDX version|application/json|OLD_VERSION|/specVersion|400",
        "unsupported SPDX version|application/json|SPDX3|/spdxVersion|400",
        "SPDX without a required member|application/json|SPDX_NO_NAMESPACE|/documentNamespace|400",
        "XML with a DOCTYPE|application/xml|DOCTYPE||400",
        "XML that is not CycloneDX|application/xml|NOT_CDX_XML||400",
        "schema-invalid XML|application/xml|BAD_XML||400",
        "XML declared as JSON|application/json|XML||400",
        "bad subject|application/json|BAD_SUBJECT|subject|400",
        "no content type|text/plain|OK||415",
        "oversize|application/json|OVERSIZE||413",
      })
  void badInputIsRefusedNamingTheFieldAndWritesNothing(
      String name, String type, String kind, String field, int status) throws IOException {
    String valid = new String(file(NO_SUBJECT), StandardCharsets.UTF_8);
    String spdx = new String(file(SPDX_HELLO), StandardCharsets.UTF_8);
    String path = kind.equals("BAD_SUBJECT") ? "/v1/sboms?subject=md5:abc" : "/v1/sboms";
    String body =
        switch (kind) {
          case "MALFORMED" -> valid.substring(0, valid.length() / 2);
          case "UNKNOWN" -> "{\"hello\":\"world\"}";
          case "ARRAY" -> "[" + valid + "]";
          case "SCHEMA" ->
              new String(
                  file("sbom/cyclonedx-spec-tests/1.6/invalid-component-type-1.6.json"),
                  StandardCharsets.UTF_8);
          case "NO_VERSION" -> valid.replace("\"specVersion\": \"1.5\",", "");
          case "OLD_VERSION" ->
              valid.replace("\"specVersion\": \"1.5\"", "\"specVersion\": \"1.1\"");
          case "SPDX3" -> spdx.replace("SPDX-2.3", "SPDX-3.0");
          case "SPDX_NO_NAMESPACE" ->
              spdx.replace("\"documentNamespace\"", "\"documentNamespaceX\"");
          case "DOCTYPE" ->
              XML_BOM.replace(
                  "<bom ", "<!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bom ");
          case "NOT_CDX_XML" -> "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"/>";
          case "BAD_XML" -> XML_BOM.replace("type=\"library\"", "type=\"spaceship\"");
          case "XML" -> XML_BOM;
          case "OVERSIZE" ->
              valid.replace(
                  "\"specVersion\"", "\"pad\": \"" + "x".repeat(9 << 20) + "\", \"specVersion\"");
          default -> valid;
        };
    try (TestServer s = new TestServer(dir)) {
      HttpResponse<byte[]> r = s.post(path, type, body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      if (status == 400) {
        assertThat(json(r).path("field").asText("")).isEqualTo(field == null ? "" : field);
        assertThat(json(r).path("detail").asText()).contains(REASONS.get(kind));
      }
      assertThat(s.log.store().size()).isZero();
    }
  }

  @Test
  void reindexRebuildsTheSbomGraphRowForRowFromTheLogAlone() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      for (String f :
          List.of(
              JUICE_SHOP,
              "sbom/cyclonedx-bom-examples/dropwizard-1.3.15.cdx-1.2.json",
              SPDX_HELLO,
              "sbom/spdx-tools-java/SPDXJSONExample-v2.2.spdx.json")) {
        HttpResponse<byte[]> r = s.post("/v1/sboms", "application/json", file(f));
        assertThat(r.statusCode()).as(f + TestServer.text(r)).isEqualTo(201);
      }
      HttpResponse<byte[]> x =
          s.post("/v1/sboms", "application/xml", XML_BOM.getBytes(StandardCharsets.UTF_8));
      assertThat(x.statusCode()).as(TestServer.text(x)).isEqualTo(201);
      HttpResponse<byte[]> sub =
          s.post("/v1/sboms?subject=" + enc(IMAGE), "application/json", file(NO_SUBJECT));
      assertThat(sub.statusCode()).as(TestServer.text(sub)).isEqualTo(201);
    }
    List<String> before = dump(dir);
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    try {
      new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});
    } finally {
      store.close();
    }
    List<String> after = dump(dir);
    List<String> missing = new ArrayList<>(before);
    missing.removeAll(after);
    List<String> added = new ArrayList<>(after);
    added.removeAll(before);
    assertThat(missing).as("rows lost by reindex").isEmpty();
    assertThat(added).as("rows added by reindex").isEmpty();
    assertThat(after).hasSizeGreaterThan(3000).isEqualTo(before);
  }

  /** Every graph row, edge attributes (the custody:sbom of each derivation) included. */
  static List<String> dump(Path dir) throws Exception {
    List<String> rows = new ArrayList<>(OpenLineageGraphPropertiesTest.dump(dir, true));
    assertThat(rows).anyMatch(r -> r.startsWith("SELECT * FROM edge_attributes"));
    return rows;
  }

  static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
