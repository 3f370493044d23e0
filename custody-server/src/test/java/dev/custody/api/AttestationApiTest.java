package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.attest.TrustPolicy;
import dev.custody.ingest.RecordLimits;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/attestations} over real HTTP on SQLite, with the real test attestations. */
class AttestationApiTest {
  static final String GCS = "slsa/gcb/gcloud-container-gcs.json";
  static final String GCS_SUBJECT =
      "sha256:9dcfacc497b61c4d2ff5708e644c060726781fae514dc8ba71c49dced675bcbe";
  static final String US_CENTRAL1 =
      "projects/verified-builder/locations/us-central1/keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1";

  @TempDir Path dir;

  static AttestationConfig trust(boolean requireVerified) {
    String t =
        "{\"version\":1,\"keys\":[{\"keyid\":\""
            + US_CENTRAL1
            + "\",\"scheme\":\"raw-payload\",\"pemFile\":\""
            + TestData.resolve("slsa/gcb/keys/us-central1.pem")
            + "\"},{\"keyid\":\"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA\",\"pemFile\":\""
            + TestData.resolve("slsa/npm/npm-registry-attestations-key.pem")
            + "\"}]}";
    return new AttestationConfig(
        TrustPolicy.parse(t.getBytes(StandardCharsets.UTF_8), Path.of(".")), requireVerified);
  }

  static byte[] file(String f) throws IOException {
    return Files.readAllBytes(TestData.resolve(f));
  }

  @Test
  void aKeySignedGcbProvenanceIsStoredVerifiedAndItsSubjectIsGeneratedByTheBuild()
      throws IOException {
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r =
          s.post("/v1/attestations?wait=checkpoint", "application/json", file(GCS));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r).get("attestations").get(0);
      assertThat(a.get("verified").asBoolean()).isTrue();
      assertThat(a.get("keyid").asText()).isEqualTo(US_CENTRAL1);
      assertThat(a.get("format").asText()).isEqualTo("gcb-provenance");
      JsonNode lineage =
          json(s.get("/v1/lineage?id=" + URLEncoder.encode(GCS_SUBJECT, StandardCharsets.UTF_8)));
      assertThat(lineage.toString())
          .contains("wasGeneratedBy")
          .contains("https://cloudbuild.googleapis.com/GoogleHostedWorker@v0.3");
    }
  }

  @Test
  void postingTheSameAttestationAgainLogsNothingNew() throws IOException {
    try (TestServer s = new TestServer(dir, trust(false))) {
      JsonNode first = json(s.post("/v1/attestations", "application/json", file(GCS)));
      HttpResponse<byte[]> again = s.post("/v1/attestations", "application/json", file(GCS));
      assertThat(again.statusCode()).as(TestServer.text(again)).isEqualTo(201);
      JsonNode second = json(again);
      assertThat(first.at("/attestations/0/created").asBoolean()).isTrue();
      assertThat(second.at("/attestations/0/created").asBoolean()).isFalse();
      assertThat(second.at("/attestations/0/index")).isEqualTo(first.at("/attestations/0/index"));
      assertThat(second.get("logSize")).isEqualTo(first.get("logSize"));
    }
  }

  @Test
  void aBadSignatureIsStoredAsUnverifiedWithItsReason() throws IOException {
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations",
              "application/json",
              file("slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigpub.tgz.json"));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode list = json(r).get("attestations");
      assertThat(list).hasSize(2);
      // The npm publish attestation (registry key), then the provenance (Fulcio certificate).
      assertThat(list.get(0).get("verified").asBoolean()).isFalse();
      assertThat(list.get(0).get("reason").asText()).contains("does not verify with key");
      assertThat(list.get(1).get("verified").asBoolean()).isFalse();
      assertThat(list.get(1).get("reason").asText())
          .isEqualTo("sigstore verification not configured");
      JsonNode record = json(s.get("/v1/records?index=" + list.get(0).get("index").asLong()));
      assertThat(record.toString()).contains("does not verify with key");
    }
  }

  @Test
  void requireVerifiedRefusesAnUnverifiedAttestationAndWritesNothing() throws IOException {
    try (TestServer s = new TestServer(dir, trust(true))) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations",
              "application/json",
              file("slsa/gcb/gcloud-container-invalid-signature.json"));
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(json(r).get("field").asText()).isEqualTo("/provenance_summary/provenance/0");
      assertThat(s.log.store().size()).isZero();
    }
  }

  @Test
  void jsonLinesStoreOneRecordPerLine() throws IOException {
    byte[] line =
        file("slsa/gha/gha_generic-v1.2.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl");
    byte[] two =
        (new String(line, StandardCharsets.UTF_8).strip()
                + "\n"
                + new String(file(GCS), StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", ""))
            .getBytes(StandardCharsets.UTF_8);
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r = s.post("/v1/attestations", "application/jsonl", two);
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode list = json(r).get("attestations");
      assertThat(list)
          .extracting(n -> n.get("entry").asText())
          .containsExactly("/0", "/1/provenance_summary/provenance/0");
      assertThat(list).extracting(n -> n.get("verified").asBoolean()).containsExactly(false, true);
    }
  }

  @Test
  void theArtifactDigestIsCheckedAgainstTheSubjects() throws IOException {
    try (TestServer s = new TestServer(dir, trust(false))) {
      JsonNode ok =
          json(s.post("/v1/attestations?digest=" + GCS_SUBJECT, "application/json", file(GCS)));
      assertThat(ok.get("attestations").get(0).get("verified").asBoolean()).isTrue();
      JsonNode bad =
          json(
              s.post(
                  "/v1/attestations?digest=sha256:" + "1".repeat(64),
                  "application/json",
                  file(GCS)));
      assertThat(bad.get("attestations").get(0).get("verified").asBoolean()).isFalse();
      assertThat(bad.get("attestations").get(0).get("reason").asText())
          .startsWith("subject-digest");
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String envelope(String payloadType, String payloadB64) {
    return "{\"payloadType\":\""
        + payloadType
        + "\",\"payload\":\""
        + payloadB64
        + "\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AAAA\"}]}";
  }

  static final String STATEMENT =
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\""
          + "a".repeat(64)
          + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}";

  /** Bad input: 400 naming the member, nothing written. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "truncated envelope|TRUNC|",
        "doubly encoded envelope|DOUBLE|",
        "doubly encoded payload|PAYLOAD_DOUBLE|/payload",
        "wrong payload type|WRONG_TYPE|/payloadType",
        "unknown predicate type|UNKNOWN_PREDICATE|/payload",
        "subject without digest|NO_DIGEST|/payload",
        "payload not base64|NOT_B64|/payload",
        "no signatures|NO_SIGS|/signatures",
        "unknown bundle version|BUNDLE|/mediaType",
        "duplicate member|DUP|/payloadType",
        "duplicate member in the payload|DUP_PAYLOAD|/payload",
        "bundle certificate that does not parse|BAD_CERT|/verificationMaterial/certificate/rawBytes",
        "bundle signature not base64|BAD_SIG|/messageSignature/signature",
        "bundle without a log entry|NO_TLOG|/verificationMaterial/tlogEntries",
        "truncated bundle|TRUNC_BUNDLE|",
        "doubly encoded bundle|DOUBLE_BUNDLE|",
        "not an attestation|OTHER|",
      })
  void badInputIsRefusedNamingTheMember(String name, String kind, String field) throws IOException {
    String env = envelope(DsseEnvelopeTypes.IN_TOTO, b64(STATEMENT));
    String body =
        switch (kind) {
          case "TRUNC" -> env.substring(0, env.length() / 2);
          case "DOUBLE" -> TestServer.JSON.writeValueAsString(env);
          case "PAYLOAD_DOUBLE" -> envelope(DsseEnvelopeTypes.IN_TOTO, b64(b64(STATEMENT)));
          case "WRONG_TYPE" -> envelope("text/plain", b64(STATEMENT));
          case "UNKNOWN_PREDICATE" ->
              envelope(
                  DsseEnvelopeTypes.IN_TOTO,
                  b64(STATEMENT.replace("slsa.dev/provenance/v1", "example.com/mystery")));
          case "NO_DIGEST" ->
              envelope(
                  DsseEnvelopeTypes.IN_TOTO,
                  b64(STATEMENT.replaceAll("\"digest\":\\{[^}]*\\}", "\"digest\":{}")));
          case "NOT_B64" -> envelope(DsseEnvelopeTypes.IN_TOTO, "%%%");
          case "NO_SIGS" -> env.replaceAll("\"signatures\":\\[.*\\]", "\"signatures\":[]");
          case "BUNDLE" ->
              "{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=9.9\","
                  + "\"verificationMaterial\":{},\"dsseEnvelope\":"
                  + env
                  + "}";
          case "DUP" -> env.replace("{\"payloadType\":", "{\"payloadType\":\"x\",\"payloadType\":");
          case "DUP_PAYLOAD" ->
              envelope(
                  DsseEnvelopeTypes.IN_TOTO,
                  b64(STATEMENT.replace("\"predicate\":{}", "\"predicate\":{},\"predicate\":{}")));
          case "BAD_CERT" ->
              bundle(DSSE_BUNDLE)
                  .replaceFirst("\"rawBytes\": *\"[^\"]+\"", "\"rawBytes\":\"TUlJQ2Z1bms=\"");
          case "BAD_SIG" ->
              bundle(MESSAGE_BUNDLE)
                  .replaceFirst("\"signature\": *\"[^\"]+\"", "\"signature\":\"%%%\"");
          case "NO_TLOG" ->
              bundle(DSSE_BUNDLE).replaceFirst("\"tlogEntries\": *\\[", "\"tlogEntriesX\":[");
          case "TRUNC_BUNDLE" -> bundle(DSSE_BUNDLE).substring(0, 3000);
          case "DOUBLE_BUNDLE" -> TestServer.JSON.writeValueAsString(bundle(DSSE_BUNDLE));
          default -> "{\"hello\":\"world\"}";
        };
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r =
          s.post("/v1/attestations", "application/json", body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(json(r).path("field").asText("")).isEqualTo(field == null ? "" : field);
      assertThat(s.log.store().size()).isZero();
    }
  }

  static final String DSSE_BUNDLE =
      "sigstore/conformance/bundle-verify/happy-path-intoto-in-dsse-v3/bundle.sigstore.json";
  static final String MESSAGE_BUNDLE =
      "sigstore/conformance/bundle-verify/happy-path-v0.2/bundle.sigstore.json";
  static final String BEACON =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
          + "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

  static String bundle(String f) throws IOException {
    return new String(file(f), StandardCharsets.UTF_8);
  }

  /** The public-good root (bundled), accepting the conformance suite's signer only. */
  static AttestationConfig sigstoreTrust(boolean requireVerified) {
    String t =
        "{\"version\":1,\"sigstore\":{\"trustedRoots\":[\"public-good\"],\"identities\":[{\"san\":\""
            + BEACON
            + "\",\"issuer\":\"https://token.actions.githubusercontent.com\"}]}}";
    return new AttestationConfig(
        TrustPolicy.parse(t.getBytes(StandardCharsets.UTF_8), Path.of(".")), requireVerified);
  }

  @Test
  void aSigstoreBundleIsVerifiedOfflineAndTheAnswerNamesTheSignerAndTheLogEntry()
      throws IOException {
    try (TestServer s = new TestServer(dir, sigstoreTrust(false))) {
      HttpResponse<byte[]> r = s.post("/v1/attestations", "application/json", file(DSSE_BUNDLE));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r).at("/attestations/0");
      assertThat(a.get("format").asText()).isEqualTo("sigstore-bundle");
      assertThat(a.get("verified").asBoolean()).as(a.toString()).isTrue();
      assertThat(a.at("/signer/san").asText()).isEqualTo(BEACON);
      assertThat(a.at("/signer/issuer").asText())
          .isEqualTo("https://token.actions.githubusercontent.com");
      assertThat(a.at("/logEntry/logIndex").asLong()).isEqualTo(155690850L);
      assertThat(a.at("/logEntry/integratedTime").asText()).isEqualTo("2024-12-16T18:42:56Z");
      assertThat(a.get("checks"))
          .extracting(c -> c.get("check").asText() + ":" + c.get("outcome").asText())
          .contains("identity:passed", "log-set:passed", "inclusion-proof:passed");
      JsonNode record = json(s.get("/v1/records?index=" + a.get("index").asLong()));
      assertThat(record.toString()).contains("\"logIndex\":155690850").contains(BEACON);
    }
  }

  @Test
  void aBundleThatFailsAVerificationCheckIsAVerdictNotAnError() throws IOException {
    try (TestServer s = new TestServer(dir, sigstoreTrust(false))) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations",
              "application/json",
              file(
                  "sigstore/conformance/bundle-verify/dsse-invalid-sig_fail/bundle.sigstore.json"));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r).at("/attestations/0");
      assertThat(a.get("verified").asBoolean()).isFalse();
      assertThat(a.get("reason").asText()).startsWith("signature:");
    }
  }

  @Test
  void requireVerifiedRefusesABundleThatFailsAndWritesNothing() throws IOException {
    try (TestServer s = new TestServer(dir, sigstoreTrust(true))) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations",
              "application/json",
              file(
                  "sigstore/conformance/bundle-verify/signature-mismatch_fail/bundle.sigstore.json"));
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(422);
      assertThat(json(r).get("detail").asText()).contains("signature");
      assertThat(s.log.store().size()).isZero();
    }
  }

  @Test
  void aDocumentLargerThanARequestMayBeIsRefused() {
    String pad = "x".repeat((int) RecordLimits.DEFAULTS.maxRequestBytes());
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r =
          s.post(
              "/v1/attestations",
              "application/json",
              bigEnvelope(pad).getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(s.log.store().size()).isZero();
    }
  }

  /** An in-toto DSSE envelope (signature not valid) whose predicate carries {@code pad}. */
  static String bigEnvelope(String pad) {
    return envelope(
        DsseEnvelopeTypes.IN_TOTO,
        b64(STATEMENT.replace("\"predicate\":{}", "\"predicate\":{\"pad\":\"" + pad + "\"}")));
  }

  @Test
  void aLargeDocumentIsKeptBesideTheLogAndItsRecordCommitsToTheDigest() throws IOException {
    // 2 MiB: beyond the inline limit, and beyond what one record may hold.
    byte[] body = bigEnvelope("x".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8);
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> r = s.post("/v1/attestations", "application/json", body);
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
      JsonNode a = json(r).get("attestations").get(0);
      assertThat(a.get("verified").asBoolean()).isFalse();

      JsonNode record = json(s.get("/v1/records/" + a.get("id").asText())).get("record");
      assertThat(record.has("document")).isFalse();
      assertThat(record.toString().length()).isLessThan(PayloadRefs.INLINE_LIMIT);
      String digest = record.at("/documentRef/digest").asText();
      HttpResponse<byte[]> payload = s.get("/v1/payloads/" + digest);
      assertThat(payload.statusCode()).isEqualTo(200);
      assertThat(payload.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
      assertThat(Payload.digestOf(payload.body())).isEqualTo(digest);
      assertThat((long) payload.body().length).isEqualTo(record.at("/documentRef/size").asLong());
      assertThat(TestServer.JSON.readTree(payload.body()))
          .isEqualTo(TestServer.JSON.readTree(body));

      // A retry is the same record; the payload is stored once.
      JsonNode again = json(s.post("/v1/attestations", "application/json", body));
      assertThat(again.at("/attestations/0/created").asBoolean()).isFalse();
      assertThat(s.log.store().size()).isEqualTo(json(r).get("logSize").asLong());
    }
  }

  @Test
  void payloadsAreFetchedByAWellFormedDigestOnly() {
    try (TestServer s = new TestServer(dir, trust(false))) {
      HttpResponse<byte[]> unknown = s.get("/v1/payloads/sha256:" + "0".repeat(64));
      assertThat(unknown.statusCode()).isEqualTo(404);
      HttpResponse<byte[]> bad = s.get("/v1/payloads/sha256:ABC");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json(bad).get("field").asText()).isEqualTo("digest");
    }
  }

  @Test
  void aStoredVerdictCannotBeSubmittedAsAPlainRecord() throws IOException {
    try (TestServer s = new TestServer(dir, trust(false))) {
      JsonNode a =
          json(s.post(
                  "/v1/attestations",
                  "application/json",
                  bigEnvelope("small").getBytes(StandardCharsets.UTF_8)))
              .get("attestations")
              .get(0);
      assertThat(a.get("verified").asBoolean()).isFalse();
      String stored = json(s.get("/v1/records/" + a.get("id").asText())).get("record").toString();
      String forged = stored.replace("\"verified\":false", "\"verified\":true");
      assertThat(forged).isNotEqualTo(stored);
      long size = s.log.store().size();

      HttpResponse<byte[]> r = s.postJson("/v1/records", forged);
      assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
      assertThat(json(r).get("field").asText()).isEqualTo("/0/_type");
      assertThat(json(r).get("detail").asText()).contains("/v1/attestations");
      assertThat(s.log.store().size()).isEqualTo(size);
    }
  }

  @Test
  void reindexRebuildsTheAttestationGraphRowForRowFromTheLogAlone() throws Exception {
    try (TestServer s = new TestServer(dir, trust(false))) {
      for (String f :
          List.of(
              GCS,
              "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigprov.tgz.json",
              "slsa/gha/gha_generic-v1.10.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
              "slsa/gha/gha_delegator-v2.1.0-binary-linux-amd64-workflow_dispatch.build.slsa")) {
        HttpResponse<byte[]> r = s.post("/v1/attestations", "application/json", file(f));
        assertThat(r.statusCode()).as(f + TestServer.text(r)).isEqualTo(201);
      }
      // One kept beside the log: reindex reads it back from the payload.
      HttpResponse<byte[]> big =
          s.post(
              "/v1/attestations",
              "application/json",
              bigEnvelope("y".repeat(PayloadRefs.INLINE_LIMIT)).getBytes(StandardCharsets.UTF_8));
      assertThat(big.statusCode()).as(TestServer.text(big)).isEqualTo(201);
    }
    List<String> before = OpenLineageGraphPropertiesTest.dump(dir, true);
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    try {
      new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});
    } finally {
      store.close();
    }
    assertThat(OpenLineageGraphPropertiesTest.dump(dir, true))
        .hasSizeGreaterThan(30)
        .isEqualTo(before);
  }

  /** The DSSE in-toto payload type, spelled once. */
  static final class DsseEnvelopeTypes {
    static final String IN_TOTO = dev.custody.attest.DsseEnvelope.IN_TOTO;
  }
}
