package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.attest.TrustPolicy;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/artifacts/{digest}/provenance} and {@code GET /v1/impact} end to end over real
 * HTTP: a real Cloud Build SLSA provenance (verified with its real key), an SBOM of the same image
 * and a deployment with its pod, then both questions. Most tests post the SBOM as native records in
 * the scenario's SBOM shape (two components of known purls); one posts a real CycloneDX SBOM
 * through {@code POST /v1/sboms}.
 */
class ArtifactProvenanceApiTest {
  /** Signed with the global PAE key and an unknown one; its material is a git commit. */
  static final String VALID = "slsa/gcb/gcloud-container-multiple-signatures-global-pae-valid.json";

  static final String SUBJECT =
      "sha256:f54a58bc1aac5ea1a25d796ae155dc228b3f0e11d046ae276b39c4bf2f13d8c4";
  static final String IMAGE =
      "us-central1-docker.pkg.dev/argo-local-khalk/khalk-docker-ar/tagged-world-trigger-964a2eba-62f0-4a53-87d3-4e6dddcc70b3@"
          + SUBJECT;
  static final String COMMIT =
      "git+https://github.com/khalkie/gcb-repo-staging@75c21a6224914056801d5be2316d89de3ff24811";

  /** Signature invalid: stored as unverified. */
  static final String INVALID = "slsa/gcb/gcloud-container-invalid-signature.json";

  static final String INVALID_SUBJECT =
      "sha256:1a033b002f89ed2b8ea733162497fb70f1a4049a7f8602d6a33682b4ad9921fd";

  static final String SBOM = "sha256:" + "5".repeat(64);
  static final String NETTY = "pkg:maven/io.netty/netty-codec-http@4.1.115.Final";
  static final String SLF4J = "pkg:maven/org.slf4j/slf4j-api@2.0.16";
  static final String DEPLOY =
      "https://k8s.acme.dev/apis/apps/v1/namespaces/shop/deployments/world/revisions/7";
  static final String POD = "https://k8s.acme.dev/api/v1/namespaces/shop/pods/world-7f9c-x2k4q";

  @TempDir Path dir;

  static AttestationConfig trust() {
    String t =
        "{\"version\":1,\"keys\":[{\"keyid\":\""
            + "projects/verified-builder/locations/global/keyRings/attestor/cryptoKeys/provenanceSigner/cryptoKeyVersions/1"
            + "\",\"scheme\":\"dsse-pae\",\"pemFile\":\""
            + TestData.resolve("slsa/gcb/keys/global-pae-provenanceSigner_1.pem")
            + "\"},{\"keyid\":\""
            + AttestationApiTest.US_CENTRAL1
            + "\",\"scheme\":\"raw-payload\",\"pemFile\":\""
            + TestData.resolve("slsa/gcb/keys/us-central1.pem")
            + "\"}]}";
    return new AttestationConfig(
        TrustPolicy.parse(t.getBytes(StandardCharsets.UTF_8), Path.of(".")), false);
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  /** Ingests the attestation, the SBOM, the deployment and the pod; answers the log size. */
  private static long ingest(TestServer s) throws IOException {
    HttpResponse<byte[]> a =
        s.post("/v1/attestations", "application/json", Files.readAllBytes(TestData.resolve(VALID)));
    assertThat(a.statusCode()).as(TestServer.text(a)).isEqualTo(201);
    assertThat(json(a).at("/attestations/0/verified").asBoolean()).isTrue();
    String producer = "https://cloudbuild.googleapis.com/sbom";
    post(
        s,
        new NativeRecords(producer, "2026-11-25T09:10:30Z")
            .node(SBOM, "entity", "sbom", "format", "CycloneDX", "specVersion", "1.6")
            .node(IMAGE, "entity", "container-image")
            .node(NETTY, "entity", "package")
            .node(SLF4J, "entity", "package")
            .rel(SBOM, "wasDerivedFrom", IMAGE)
            .rel(IMAGE, "wasDerivedFrom", NETTY, "custody:sbom", SBOM)
            .rel(IMAGE, "wasDerivedFrom", SLF4J, "custody:sbom", SBOM)
            .rel(NETTY, "wasDerivedFrom", SLF4J));
    return deployAndRunThePod(s);
  }

  /** The deployment of the image and its pod; answers the log size once a checkpoint covers it. */
  private static long deployAndRunThePod(TestServer s) {
    post(
        s,
        new NativeRecords("https://argocd.acme.dev", "2026-11-25T09:20:00Z")
            .node(DEPLOY, "activity", "deployment")
            .node(IMAGE, "entity", "container-image")
            .rel(DEPLOY, "used", IMAGE));
    HttpResponse<byte[]> r =
        s.postJson(
            "/v1/records?wait=checkpoint",
            new NativeRecords("https://k8s.acme.dev/controllers/replicaset", "2026-11-25T09:21:00Z")
                .node(POD, "entity", "pod")
                .node(DEPLOY, "activity", "deployment")
                .rel(POD, "wasGeneratedBy", DEPLOY)
                .json());
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    return json(r).get("logSize").asLong();
  }

  private static void post(TestServer s, NativeRecords r) {
    HttpResponse<byte[]> res = s.postJson("/v1/records", r.json());
    assertThat(res.statusCode()).as(TestServer.text(res)).isEqualTo(201);
  }

  private static JsonNode provenance(TestServer s, String id, String query) {
    HttpResponse<byte[]> r = s.get("/v1/artifacts/" + q(id) + "/provenance" + query);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  @Test
  void provenanceOfARealSlsaBuildNamesItsWholeChain() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      JsonNode p = provenance(s, SUBJECT, "");
      assertThat(p.get("id").asText()).isEqualTo(SUBJECT);
      assertThat(ids(p.get("sources"))).containsExactly(COMMIT);
      assertThat(p.at("/sources/0/build").asText()).isEqualTo(p.at("/builds/0/id").asText());
      assertThat(ids(p.get("builders")))
          .containsExactly("https://cloudbuild.googleapis.com/GoogleHostedWorker@v0.3");
      assertThat(ids(p.get("sboms"))).containsExactly(SBOM);
      assertThat(ids(p.get("components"))).containsExactlyInAnyOrder(NETTY, SLF4J);
      assertThat(p.at("/components/0/sbom").asText()).isEqualTo(SBOM);
      assertThat(ids(p.get("deployments"))).containsExactly(DEPLOY);
      assertThat(ids(p.get("pods"))).containsExactly(POD);
      assertThat(p.at("/pods/0/deployment").asText()).isEqualTo(DEPLOY);
      JsonNode att = p.at("/attestations/0");
      assertThat(att.get("verified").asBoolean()).isTrue();
      assertThat(att.get("verdict").asText()).isEqualTo("verified");
      assertThat(att.get("keyid").asText()).contains("provenanceSigner");
      assertThat(att.get("format").asText()).isEqualTo("gcb-provenance");
      assertThat(p.at("/summary/verified").asInt()).isEqualTo(1);
      assertThat(p.at("/summary/unverified").asInt()).isZero();
    }
  }

  @Test
  void everyItemNamesTheRecordThatStatedIt() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      JsonNode p = provenance(s, SUBJECT, "");
      for (String section :
          List.of("sources", "builds", "builders", "components", "deployments", "pods")) {
        for (JsonNode item : p.get(section)) {
          long index = item.get("logIndex").asLong();
          JsonNode record = json(s.get("/v1/records?index=" + index));
          assertThat(item.get("record").asText()).as(section).isEqualTo(record.get("id").asText());
        }
      }
    }
  }

  @Test
  void theImageRefAndTheBareDigestGiveTheSameChain() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      JsonNode byDigest = provenance(s, SUBJECT, "");
      JsonNode byImage = provenance(s, IMAGE, "");
      assertThat(byImage.get("aliases").toString()).contains(SUBJECT);
      for (String section : List.of("sources", "components", "deployments", "attestations")) {
        assertThat(byImage.get(section)).as(section).isEqualTo(byDigest.get(section));
      }
    }
  }

  @Test
  void proofsProveEveryRecordTheAnswerNames() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      long size = ingest(s);
      JsonNode p = provenance(s, SUBJECT, "?proofs=true");
      Set<Long> named = new HashSet<>();
      p.fieldNames()
          .forEachRemaining(f -> {
            if (p.get(f).isArray()) {
              p.get(f)
                  .forEach(i -> {
                    if (i.has("logIndex")) {
                      named.add(i.get("logIndex").asLong());
                    }
                  });
            }
          });
      Set<Long> proven = new HashSet<>();
      p.at("/proofs/records").forEach(r -> proven.add(r.get("logIndex").asLong()));
      assertThat(proven).isEqualTo(named);
      assertThat(p.at("/proofs/logSize").asLong()).isEqualTo(size);
      assertThat(p.at("/proofs/checkpoint/note").asText()).isNotEmpty();
    }
  }

  @Test
  void aVerdictWhoseDocumentIsStoredBesideItsRecordStillCounts() throws IOException {
    // Over 64 KiB, the document is kept beside the log and the record names it by digest.
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            TestServer.JSON.readTree(Files.readAllBytes(TestData.resolve(VALID)));
    doc.put("note", "x".repeat(80 * 1024));
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> a =
          s.post(
              "/v1/attestations?wait=checkpoint",
              "application/json",
              doc.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(a.statusCode()).as(TestServer.text(a)).isEqualTo(201);
      long index = json(a).at("/attestations/0/index").asLong();
      assertThat(TestServer.text(s.get("/v1/records?index=" + index))).contains("documentRef");
      JsonNode p = provenance(s, SUBJECT, "");
      assertThat(p.at("/attestations/0/verified").asBoolean()).isTrue();
      assertThat(p.at("/summary/verified").asInt()).isEqualTo(1);
    }
  }

  @Test
  void anUnverifiedRealAttestationIsListedAndNeverCountedVerified() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> a =
          s.post(
              "/v1/attestations?wait=checkpoint",
              "application/json",
              Files.readAllBytes(TestData.resolve(INVALID)));
      assertThat(a.statusCode()).as(TestServer.text(a)).isEqualTo(201);
      JsonNode p = provenance(s, INVALID_SUBJECT, "");
      JsonNode att = p.at("/attestations/0");
      assertThat(att.get("verified").asBoolean()).isFalse();
      assertThat(att.get("verdict").asText()).isEqualTo("unverified");
      assertThat(att.get("reason").asText()).isNotEmpty();
      assertThat(p.at("/summary/verified").asInt()).isZero();
      assertThat(p.at("/summary/unverified").asInt()).isEqualTo(1);
      assertThat(ids(p.get("sources")))
          .containsExactly(
              "git+https://github.com/laurentsimon/gcb-tests@fbbb98765e85ad464302dc5977968104d36e455e");
    }
  }

  /**
   * An attestation that is not SLSA provenance (a vulnerability scan of the built image, its
   * signature not valid) is listed from its subject, with its own verdict, beside the verified
   * provenance: whatever the predicate, an attestation is found from what it is about.
   */
  @Test
  void anAttestationOfAnyPredicateIsListedFromItsSubject() throws IOException {
    String scan =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"world\","
            + "\"digest\":{\"sha256\":\""
            + SUBJECT.substring("sha256:".length())
            + "\"}}],\"predicateType\":\"https://in-toto.io/attestation/vulns/v0.1\","
            + "\"predicate\":{\"scanner\":{\"uri\":\"pkg:github/aquasecurity/trivy@0.50.0\"}}}";
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations?wait=checkpoint",
              "application/json",
              AttestationApiTest.envelope(
                      AttestationApiTest.DsseEnvelopeTypes.IN_TOTO, AttestationApiTest.b64(scan))
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      assertThat(json(r).at("/attestations/0/verified").asBoolean()).isFalse();

      JsonNode p = provenance(s, SUBJECT, "");
      assertThat(p.get("attestations")).hasSize(2);
      JsonNode vulns = null;
      for (JsonNode a : p.get("attestations")) {
        if ("https://in-toto.io/attestation/vulns/v0.1".equals(a.path("predicateType").asText())) {
          vulns = a;
        }
      }
      assertThat(vulns).as(p.get("attestations").toString()).isNotNull();
      assertThat(vulns.get("verified").asBoolean()).isFalse();
      assertThat(vulns.has("build")).isFalse();
      assertThat(p.at("/summary/verified").asInt()).isEqualTo(1);
      assertThat(p.at("/summary/unverified").asInt()).isEqualTo(1);
      // The same from the image reference.
      assertThat(provenance(s, IMAGE, "").get("attestations")).hasSize(2);
    }
  }

  @Test
  void aVerdictStatedInANativeRecordIsNeverCountedVerified() throws IOException {
    String artifact = "sha256:" + "7".repeat(64);
    String build = "https://ci.evil.example/builds/1";
    String fake = "sha256:" + "8".repeat(64);
    String verification = "urn:custody:verification:" + "8".repeat(64) + ":0000000000000000";
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> r =
          s.postJson(
              "/v1/records?wait=checkpoint",
              new NativeRecords("urn:custody:agent:attestation-verifier", "2026-11-25T09:00:00Z")
                  .node(artifact, "entity", "artifact")
                  .node(
                      build,
                      "activity",
                      "build",
                      "custody:attestation",
                      fake,
                      "custody:verified",
                      "true")
                  .node(fake, "entity", "attestation", "custody:verified", "true")
                  .node(
                      verification,
                      "activity",
                      "attestation-verification",
                      "custody:verdict",
                      "verified",
                      "custody:reason",
                      "all checks passed")
                  .rel(artifact, "wasGeneratedBy", build)
                  .rel(verification, "used", fake)
                  .json());
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode p = provenance(s, artifact, "");
      assertThat(ids(p.get("attestations"))).containsExactly(fake);
      assertThat(p.at("/attestations/0/verified").asBoolean()).isFalse();
      assertThat(p.at("/attestations/0/reason").asText()).contains("no verification");
      assertThat(p.at("/summary/verified").asInt()).isZero();
    }
  }

  @Test
  void aRealVerifiedAttestationNamedByAnotherArtifactsBuildDoesNotCount() throws IOException {
    String artifact = "sha256:" + "7".repeat(64);
    String build = "https://ci.evil.example/builds/2";
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> a =
          s.post(
              "/v1/attestations?wait=checkpoint",
              "application/json",
              Files.readAllBytes(TestData.resolve(VALID)));
      assertThat(a.statusCode()).as(TestServer.text(a)).isEqualTo(201);
      JsonNode own = provenance(s, SUBJECT, "").at("/attestations/0");
      assertThat(own.get("verified").asBoolean()).isTrue();
      String real = own.get("id").asText();
      assertThat(real).startsWith("sha256:");
      HttpResponse<byte[]> r =
          s.postJson(
              "/v1/records?wait=checkpoint",
              new NativeRecords("https://ci.evil.example", "2026-11-25T09:00:00Z")
                  .node(artifact, "entity", "artifact")
                  .node(build, "activity", "build", "custody:attestation", real)
                  .rel(artifact, "wasGeneratedBy", build)
                  .json());
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode p = provenance(s, artifact, "");
      assertThat(p.at("/attestations/0/verified").asBoolean()).isFalse();
      assertThat(p.at("/attestations/0/reason").asText()).contains("does not name this artifact");
    }
  }

  @Test
  void asOfBeforeTheDeploymentAnswersNoDeployment() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      JsonNode p = provenance(s, SUBJECT, "?asOf=2");
      assertThat(p.get("deployments")).isEmpty();
      assertThat(p.get("pods")).isEmpty();
      assertThat(ids(p.get("components"))).hasSize(2);
      assertThat(p.at("/checkpoint/size").asLong()).isEqualTo(2);
    }
  }

  @Test
  void impactOfAComponentReachesTheImageItsDeploymentAndPod() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      HttpResponse<byte[]> r = s.get("/v1/impact?purl=" + q("pkg:maven/org.slf4j/slf4j-api"));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
      JsonNode a = json(r);
      assertThat(ids(a.get("matched"))).containsExactly(SLF4J);
      assertThat(ids(a.at("/groups/packages"))).containsExactly(NETTY);
      assertThat(ids(a.at("/groups/images"))).containsExactly(IMAGE);
      assertThat(a.at("/groups/images/0/aliases").toString()).contains(SUBJECT);
      assertThat(ids(a.at("/groups/deployments"))).containsExactly(DEPLOY);
      assertThat(ids(a.at("/groups/pods"))).containsExactly(POD);
    }
  }

  /**
   * End to end through the real routes only: the real Cloud Build provenance (verified with its
   * real key), a real CycloneDX SBOM through {@code POST /v1/sboms} (the upstream schema test that
   * lists jackson-databind 2.9.4 and names no artifact of its own, so {@code ?subject=} ties it to
   * the built image), then a deployment and its pod. Provenance names the SBOM and its component;
   * the impact of jackson-databind 2.9.4 reaches the image, the deployment and the pod.
   */
  @Test
  void aRealSbomPostedForTheBuiltImageJoinsItsProvenanceAndTheImpactOfItsComponent()
      throws IOException {
    String jackson = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4";
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> a =
          s.post(
              "/v1/attestations", "application/json", Files.readAllBytes(TestData.resolve(VALID)));
      assertThat(json(a).at("/attestations/0/verified").asBoolean()).isTrue();
      HttpResponse<byte[]> sbom =
          s.post(
              "/v1/sboms?subject=" + q(IMAGE),
              "application/json",
              Files.readAllBytes(
                  TestData.resolve("sbom/cyclonedx-spec-tests/1.5/valid-vulnerability-1.5.json")));
      assertThat(sbom.statusCode()).as(TestServer.text(sbom)).isEqualTo(201);
      String sbomId = json(sbom).get("sbom").asText();
      deployAndRunThePod(s);

      JsonNode p = provenance(s, SUBJECT, "");
      assertThat(ids(p.get("sources"))).containsExactly(COMMIT);
      assertThat(ids(p.get("sboms"))).containsExactly(sbomId);
      assertThat(ids(p.get("components"))).containsExactly(jackson);
      assertThat(p.at("/components/0/sbom").asText()).isEqualTo(sbomId);
      assertThat(ids(p.get("deployments"))).containsExactly(DEPLOY);
      assertThat(p.at("/summary/verified").asInt()).isEqualTo(1);

      JsonNode impact = json(s.get("/v1/impact?purl=" + q(jackson)));
      assertThat(ids(impact.get("matched"))).containsExactly(jackson);
      assertThat(ids(impact.at("/groups/images"))).containsExactly(IMAGE);
      assertThat(impact.at("/groups/images/0/aliases").toString()).contains(SUBJECT);
      assertThat(ids(impact.at("/groups/deployments"))).containsExactly(DEPLOY);
      assertThat(ids(impact.at("/groups/pods"))).containsExactly(POD);
      // A range that excludes 2.9.4 reaches nothing.
      JsonNode fixed =
          json(
              s.get(
                  "/v1/impact?purl="
                      + q("pkg:maven/com.fasterxml.jackson.core/jackson-databind")
                      + "&versions="
                      + q("vers:maven/>=2.9.5")));
      assertThat(fixed.get("matched")).isEmpty();
      assertThat(fixed.at("/counts/images").asInt()).isZero();
      assertThat(impact.at("/counts/pods").asInt()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} is a {1} naming {2}")
  @CsvSource({
    "pkg%3Amaven%2Fg%2Fa%401.0,400,digest",
    "sha256%3Aabc,400,digest",
    "sha256%3A0000000000000000000000000000000000000000000000000000000000000000,404,digest"
  })
  void badOrUnknownDigestsAreProblems(String digest, int status, String field) {
    try (TestServer s = new TestServer(dir, trust())) {
      HttpResponse<byte[]> r = s.get("/v1/artifacts/" + digest + "/provenance");
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(json(r).get("field").asText()).isEqualTo(field);
    }
  }

  @Test
  void badParametersAreA400NamingThem() throws IOException {
    try (TestServer s = new TestServer(dir, trust())) {
      ingest(s);
      for (String[] c :
          new String[][] {{"asOf=99", "asOf"}, {"asOf=x", "asOf"}, {"proofs=yes", "proofs"}}) {
        HttpResponse<byte[]> r = s.get("/v1/artifacts/" + q(SUBJECT) + "/provenance?" + c[0]);
        assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo(c[1]);
      }
    }
  }
}
