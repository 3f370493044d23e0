package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every route's answers, successes and refusals, match the OpenAPI document the running server
 * publishes at /v1/openapi.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
  TestServer s;
  OpenApiInteractionValidator validator;
  String id;

  @BeforeAll
  void start(@TempDir Path dir) {
    s = new TestServer(dir);
    String spec = TestServer.text(s.get("/v1/openapi.json"));
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    id =
        json(s.postJson("/v1/records?wait=checkpoint", "[{\"n\":1},{\"n\":2},{\"n\":3}]"))
            .get("records")
            .get(0)
            .get("id")
            .asText();
    IncidentScenario.post(s);
    s.postJson("/v1/prov?wait=checkpoint", PROV_DOC);
    // An attestation whose subject the provenance rows ask about, covered by a checkpoint.
    s.postJson("/v1/attestations?wait=checkpoint", attestationBody("/v1/attestations"));
    // A PROV-JSON document large enough to be kept beside the log, for the payload rows.
    StringBuilder big =
        new StringBuilder("{\"prefix\": {\"c\": \"https://contract.example/\"}, \"entity\": {");
    for (int i = 0; i < 8_000; i++) {
      big.append(i == 0 ? "" : ",").append("\"c:entity-").append(i).append("\": {}");
    }
    String record =
        json(s.postJson("/v1/prov?wait=checkpoint", big.append("}}").toString()))
            .get("id")
            .asText();
    payload = json(s.get("/v1/records/" + record)).at("/record/documentRef/digest").asText();
  }

  private String payload;

  private static final String PROV_DOC =
      "{\"prefix\": {\"ex\": \"https://example.org/\"}, \"entity\": {\"ex:e1\": {}},"
          + " \"wasDerivedFrom\": {\"_:d\": {\"prov:generatedEntity\": \"ex:e1\","
          + " \"prov:usedEntity\": \"ex:e0\"}}}";

  @AfterAll
  void stop() {
    s.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "GET, /v1/records?index=0, 200",
    "GET, /v1/payloads/{payload}, 200",
    "GET, /v1/payloads/sha256%3Aabc, 400",
    "GET, /v1/payloads/sha256%3A0000000000000000000000000000000000000000000000000000000000000000, 404",
    "GET, /v1/records?from=0&limit=2, 200",
    "GET, /v1/records?index=99, 404",
    "GET, /v1/records?index=x, 400",
    "GET, /v1/records/{id}, 200",
    "GET, /v1/records/sha256:nope, 400",
    "GET, /v1/nodes/{image}, 200",
    "GET, /v1/nodes/{unknown}, 404",
    "GET, /v1/nodes/md5:abc, 400",
    "GET, /v1/lineage?id={pod}, 200",
    "GET, /v1/lineage?id={digest}&direction=both&depth=2&relations=used&types=pod&limit=5, 200",
    "GET, /v1/lineage?id={commit}&direction=downstream&asOf=4, 200",
    "GET, /v1/lineage?id={pod}&direction=both&proofs=true, 200",
    "GET, /v1/lineage?id={commit}&direction=downstream&asOf=4&proofs=true, 200",
    "GET, /v1/lineage?id={pod}&since=2026-01-01T00:00:00Z&until=2027-01-01T00:00:00Z, 200",
    "GET, /v1/lineage?id={pod}&since=2026-01-01, 400",
    "GET, /v1/lineage?id={pod}&proofs=1, 400",
    "GET, /v1/lineage?id={pod}&depth=0, 400",
    "GET, /v1/lineage?direction=upstream, 400",
    "GET, /v1/lineage?id={unknown}, 404",
    "GET, /v1/log/key, 200",
    "GET, /v1/log/checkpoint, 200",
    "GET, /v1/log/checkpoints, 200",
    "GET, /v1/log/checkpoints?limit=0, 400",
    "GET, /v1/log/proof/inclusion?index=1&size=3, 200",
    "GET, /v1/log/proof/inclusion?index=3&size=3, 400",
    "GET, /v1/log/proof/consistency?from=1&to=3, 200",
    "GET, /v1/log/proof/consistency?from=4&to=3, 400",
    "GET, /checkpoint, 200",
    "GET, /tile/0/000.p/3, 200",
    "GET, /tile/entries/000.p/3, 200",
    "GET, /tile/0/001, 404",
    "GET, /tile/0/1, 400",
    "GET, /healthz, 200",
    "GET, /metrics, 200",
    "GET, /readyz, 200",
    "GET, /v1/openapi.json, 200",
    "GET, /v1/schemas/record.json, 200",
    "POST, /v1/records, 201",
    "POST, /v1/records?n=dup, 200",
    "POST, /v1/records?n=bad, 400",
    "POST, /v1/prov, 201",
    "POST, /v1/prov?n=dup, 200",
    "POST, /v1/prov?n=bad, 400",
    "GET, /v1/prov?id={pod}&direction=both&depth=3&asOf=6&limit=10, 200",
    "GET, /v1/prov?direction=both, 400",
    "GET, /v1/prov?id={pod}&depth=99, 400",
    "GET, /v1/prov?id={unknown}, 404",
    "GET, /v1/paths?from={commit}&to={pod}, 200",
    "GET, /v1/paths?from={commit}&to={pod}&maxDepth=2, 200",
    "GET, /v1/paths?from={commit}&to={pod}&proofs=true, 200",
    "GET, /v1/paths?from={commit}&to={pod}&maxDepth=51, 400",
    "GET, /v1/paths?from={commit}&to={pod}&asOf=9999, 400",
    "GET, /v1/paths?from={commit}&to={pod}&asOf=0, 404",
    "GET, /v1/paths?from={unknown}&to={pod}, 404",
    "GET, /v1/diff?from={commit}&to={pod}, 200",
    "GET, /v1/diff?from={pod}&to={pod}&depth=2&asOf=6&limit=10, 200",
    "GET, /v1/diff?from={pod}&to={pod}&depth=0, 400",
    "GET, /v1/diff?to={pod}, 400",
    "GET, /v1/diff?from={pod}&to={unknown}, 404",
    "GET, /v1/search?q=https&type=pod&limit=5, 200",
    "GET, /v1/search?q=shop, 200",
    "GET, /v1/search?limit=5, 400",
    "GET, /v1/gaps, 200",
    "GET, /v1/gaps?asOf=4&type=deployment&kind=no-agent&limit=1, 200",
    "GET, /v1/gaps?kind=deployment-without-build, 200",
    "GET, /v1/gaps?limit=0, 400",
    "GET, /v1/gaps?asOf=9999, 400",
    "GET, /v1/coverage, 200",
    "GET, /v1/coverage?asOf=4, 200",
    "GET, /v1/coverage?asOf=x, 400",
    "POST, /v1/attestations, 201",
    "POST, /v1/attestations?n=bad, 400",
    "POST, /v1/sboms, 201",
    "POST, /v1/sboms?n=bad, 400",
    "GET, /v1/artifacts/{digest}/provenance, 200",
    "GET, /v1/artifacts/{image}/provenance?asOf=4&proofs=true, 200",
    "GET, /v1/artifacts/{gcs}/provenance?proofs=true, 200",
    "GET, /v1/artifacts/{commit}/provenance, 400",
    "GET, /v1/artifacts/{digest}/provenance?asOf=9999, 400",
    "GET, /v1/artifacts/sha256%3A0000000000000000000000000000000000000000000000000000000000000000/provenance, 404",
    "GET, /v1/impact?purl=pkg%3Amaven%2Forg.slf4j%2Fslf4j-api, 200",
    "GET, /v1/impact?purl=pkg%3Amaven%2Forg.slf4j%2Fslf4j-api&versions=vers%3Amaven%2F%3E%3D2.0.0&asOf=4&limit=5, 200",
    "GET, /v1/impact?purl=pkg%3Amaven%2Fg%2Fa&versions=vers%3Anpm%2F1.0.0, 400",
    "GET, /v1/impact?limit=5, 400",
  })
  void answersMatchTheDocument(String method, String path, int status) {
    path =
        path.replace("{id}", id)
            .replace("{image}", IncidentScenario.enc(IncidentScenario.IMAGE))
            .replace("{digest}", IncidentScenario.enc(IncidentScenario.DIGEST))
            .replace("{commit}", IncidentScenario.enc(IncidentScenario.COMMIT))
            .replace("{pod}", IncidentScenario.enc(IncidentScenario.POD))
            .replace("{gcs}", IncidentScenario.enc(AttestationApiTest.GCS_SUBJECT))
            .replace("{payload}", IncidentScenario.enc(payload))
            .replace("{unknown}", IncidentScenario.enc("https://nowhere.example/x"));
    HttpResponse<byte[]> r;
    if (method.equals("POST")) {
      String base = path.replaceAll("\\?n=.*", "");
      String body =
          base.equals("/v1/prov")
              ? provBody(path)
              : base.equals("/v1/attestations")
                  ? attestationBody(path)
                  : base.equals("/v1/sboms")
                      ? sbomBody(path)
                      : path.endsWith("dup")
                          ? "{\"n\":1}"
                          : path.endsWith("bad") ? "[1]" : "{\"fresh\":true}";
      r = s.postJson(base, body);
      path = base;
    } else {
      r = s.get(path);
    }
    assertThat(r.statusCode()).isEqualTo(status);
    URI uri = URI.create(path);
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
    r.headers().firstValue("Content-Type").ifPresent(response::withContentType);
    ValidationReport report =
        validator.validateResponse(
            uri.getRawPath(), Request.Method.valueOf(method), response.build());
    List<String> problems =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .map(m -> m.getKey() + ": " + m.getMessage())
            .toList();
    assertThat(problems).as("response %s", new String(r.body(), StandardCharsets.UTF_8)).isEmpty();
  }

  private static String attestationBody(String path) {
    try {
      return path.endsWith("bad")
          ? "{\"payloadType\": \"application/vnd.in-toto+json\", \"payload\": \"e30=\", \"signatures\": []}"
          : java.nio.file.Files.readString(
              dev.custody.testing.TestData.resolve("slsa/gcb/gcloud-container-gcs.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sbomBody(String path) {
    try {
      return java.nio.file.Files.readString(
          dev.custody.testing.TestData.resolve(
              path.endsWith("bad")
                  ? "sbom/cyclonedx-spec-tests/1.6/invalid-component-type-1.6.json"
                  : "sbom/cyclonedx-spec-tests/1.6/valid-bom-1.6.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String provBody(String path) {
    if (path.endsWith("dup")) {
      return PROV_DOC;
    }
    return path.endsWith("bad")
        ? "{\"entity\": {\"_:b1\": {}}}"
        : PROV_DOC.replace("ex:e1", "ex:fresh");
  }

  /** A Sigstore verdict (signer, log entry) from a server that trusts the public-good root. */
  @org.junit.jupiter.api.Test
  void aSigstoreVerdictMatchesTheDocument(@TempDir Path dir) throws java.io.IOException {
    try (TestServer sig = new TestServer(dir, AttestationApiTest.sigstoreTrust(false))) {
      HttpResponse<byte[]> r =
          sig.post(
              "/v1/attestations",
              "application/json",
              AttestationApiTest.file(AttestationApiTest.DSSE_BUNDLE));
      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(json(r).at("/attestations/0/logEntry/logIndex").isNumber()).isTrue();
      SimpleResponse.Builder response =
          SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
      r.headers().firstValue("Content-Type").ifPresent(response::withContentType);
      ValidationReport report =
          validator.validateResponse("/v1/attestations", Request.Method.POST, response.build());
      assertThat(report.getMessages())
          .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR)
          .as(new String(r.body(), StandardCharsets.UTF_8))
          .isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void theValidatorCatchesAnAnswerThatDoesNotMatch() {
    ValidationReport report =
        validator.validateResponse(
            "/v1/log/proof/inclusion",
            Request.Method.GET,
            SimpleResponse.Builder.ok()
                .withContentType("application/json")
                .withBody("{\"index\":\"one\"}")
                .build());
    assertThat(report.hasErrors()).isTrue();
  }
}
