package dev.custody.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key-signed file in testdata/dsse and testdata/slsa with the outcome MANIFEST.md states, and
 * the Sigstore (certificate-signed) ones detected and left unverified for now.
 */
class AttestationVerifierTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final String GCB = "projects/verified-builder/locations/";
  static final String BUILT = "/keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1";
  static final String PAE_GLOBAL = GCB + "global/keyRings/attestor/cryptoKeys/";

  /** The trust file a test operator would write for the test data: every key MANIFEST names. */
  static TrustPolicy testTrust() throws IOException {
    return TrustPolicy.parse(new ObjectMapper().writeValueAsBytes(testTrustJson()), Path.of("."));
  }

  /** {@link #testTrust()} as a trust file, for tests that add Sigstore roots to it. */
  static ObjectNode testTrustJson() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode().put("version", 1);
    ArrayNode keys = root.putArray("keys");
    try (Stream<Path> files = Files.list(TestData.resolve("slsa/gcb/keys"))) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString().replace(".pem", "");
        if (name.startsWith("global-pae")) {
          String key =
              name.contains("google-hosted-worker") ? "google-hosted-worker" : "provenanceSigner";
          keys.addObject()
              .put("keyid", PAE_GLOBAL + key + "/cryptoKeyVersions/1")
              .put("pem", Files.readString(p))
              .put("scheme", "dsse-pae");
        } else {
          keys.addObject()
              .put("keyid", GCB + name + BUILT)
              .put("pem", Files.readString(p))
              .put("scheme", "raw-payload");
        }
      }
    }
    keys.addObject()
        .put("keyid", "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA")
        .put("pemFile", TestData.resolve("slsa/npm/npm-registry-attestations-key.pem").toString());
    keys.addObject()
        .put("keyid", "dsse-spec-helloworld")
        .put(
            "pemFile", TestData.resolve("dsse/dsse-spec/helloworld-ecdsa-p256.pub.pem").toString());
    keys.addObject()
        .put("keyid", "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5")
        .put("pemFile", TestData.resolve("dsse/in-toto-python/bob.pub.pem").toString());
    keys.addObject()
        .put("keyid", "2f89b9272acfc8f4a0a0f094d789fdb0ba798b0fe41f2f5f417c12f0085ff498")
        .put("pemFile", TestData.resolve("dsse/in-toto-python/carl.pub.pem").toString());
    return root;
  }

  /**
   * file, expected verdict of each attestation in it (in order), and a fragment of the reason of
   * the first unverified one (MANIFEST.md's words for why it must fail).
   */
  static Stream<Arguments> manifest() {
    String sig = Verdict.SIGSTORE_NOT_CONFIGURED;
    return Stream.of(
        Arguments.of("dsse/dsse-spec/helloworld.envelope.json", List.of(true), ""),
        Arguments.of("dsse/in-toto-python/write-code.776a00e2.link", List.of(true), ""),
        Arguments.of("dsse/in-toto-golang/update-version-dsse.776a00e2.link", List.of(true), ""),
        Arguments.of("slsa/gcb/gcloud-container-gcs.json", List.of(true), ""),
        Arguments.of(
            "slsa/gcb/gcloud-container-multiple-signatures-3rdvalid.json", List.of(true), ""),
        Arguments.of(
            "slsa/gcb/gcloud-container-multiple-signatures-global-pae-valid.json",
            List.of(true),
            ""),
        Arguments.of(
            "slsa/gcb/gcloud-container-empty-keyid.json", List.of(false), "no signature verifies"),
        Arguments.of(
            "slsa/gcb/gcloud-container-invalid-keyid.json", List.of(false), "no trusted key"),
        Arguments.of(
            "slsa/gcb/gcloud-container-invalid-signature-region.json",
            List.of(false),
            "no trusted key"),
        Arguments.of(
            "slsa/gcb/gcloud-container-invalid-signature.json",
            List.of(false),
            "does not verify with key"),
        Arguments.of(
            "slsa/gcb/gcloud-container-invalid-signature-global-pae-key.json",
            List.of(false),
            "does not verify with key"),
        Arguments.of(
            "slsa/gcb/gcloud-container-invalid-fullyqualifieddigest.json",
            List.of(false),
            "image-summary"),
        // npm: the publish attestation is signed by the registry key, the provenance by Fulcio.
        Arguments.of(
            "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigpub.tgz.json",
            List.of(false, false),
            "does not verify with key SHA256:jl3b"),
        Arguments.of(
            "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigprov.tgz.json",
            List.of(true, false),
            sig),
        // Certificate-signed: detected and parsed, unverified until Sigstore lands.
        Arguments.of("slsa/gha/annotated-tag.intoto.jsonl", List.of(false), sig),
        Arguments.of(
            "slsa/gha/gha_generic-v2.1.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
            List.of(false),
            sig),
        Arguments.of("slsa/gha/bundle-attestation.intoto.sigstore", List.of(false), sig));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("manifest")
  void eachFileGetsTheOutcomeTheManifestStates(String file, List<Boolean> want, String reason)
      throws IOException {
    AttestationVerifier verifier = new AttestationVerifier(testTrust());
    List<Attestation> found =
        new AttestationParser(false).readAll(Files.readAllBytes(TestData.resolve(file)), 1 << 24);
    List<Verdict> got = found.stream().map(a -> verifier.verify(a, null, NOW)).toList();
    assertThat(got).extracting(Verdict::verified).isEqualTo(want);
    got.stream()
        .filter(v -> !v.verified())
        .findFirst()
        .ifPresent(v -> assertThat(v.reason()).contains(reason));
  }

  @Test
  void everyGhaFileIsDetectedAndNoneCountsAsVerified() throws IOException {
    AttestationVerifier verifier = new AttestationVerifier(testTrust());
    try (Stream<Path> files = Files.list(TestData.resolve("slsa/gha"))) {
      for (Path p : files.sorted().toList()) {
        if (p.getFileName().toString().equals(NPM_BAD_SUBJECT)) {
          continue;
        }
        List<Attestation> found =
            new AttestationParser(true).readAll(Files.readAllBytes(p), 1 << 24);
        assertThat(found).as(p.toString()).isNotEmpty();
        for (Attestation a : found) {
          Verdict v = verifier.verify(a, null, NOW);
          assertThat(v.verified()).as(p.toString()).isFalse();
          if (a.certificate() && a.keyHint() == null) {
            assertThat(v.reason()).as(p.toString()).isEqualTo(Verdict.SIGSTORE_NOT_CONFIGURED);
          }
        }
      }
    }
  }

  @Test
  void theInTotoLinkFailsWithCarlsOrAlicesKeyUnderBobsKeyid() throws IOException {
    String keyid = "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
    for (String other : List.of("carl", "alice")) {
      String trust =
          "{\"version\":1,\"keys\":[{\"keyid\":\""
              + keyid
              + "\",\"pemFile\":\""
              + TestData.resolve("dsse/in-toto-python/" + other + ".pub.pem")
              + "\"}]}";
      AttestationVerifier verifier =
          new AttestationVerifier(
              TrustPolicy.parse(trust.getBytes(StandardCharsets.UTF_8), Path.of(".")));
      Attestation link =
          new AttestationParser(false)
              .readAll(
                  Files.readAllBytes(
                      TestData.resolve("dsse/in-toto-python/write-code.776a00e2.link")),
                  1 << 20)
              .get(0);
      assertThat(verifier.verify(link, null, NOW).verified()).as(other).isFalse();
    }
  }

  @Test
  void subjectDigestIsCheckedAgainstTheArtifact() throws IOException {
    AttestationVerifier verifier = new AttestationVerifier(testTrust());
    Attestation gcs =
        new AttestationParser(true)
            .readAll(
                Files.readAllBytes(TestData.resolve("slsa/gcb/gcloud-container-gcs.json")), 1 << 20)
            .get(0);
    String good = "sha256:9dcfacc497b61c4d2ff5708e644c060726781fae514dc8ba71c49dced675bcbe";
    String bad = "sha256:" + "0".repeat(64);
    assertThat(verifier.verify(gcs, good, NOW).verified()).isTrue();
    Verdict v = verifier.verify(gcs, bad, NOW);
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).startsWith("subject-digest");
  }

  @Test
  void anUntrustedKeyIsAVerdictNotAnError() throws IOException {
    AttestationVerifier verifier = new AttestationVerifier(TrustPolicy.empty());
    Attestation gcs =
        new AttestationParser(true)
            .readAll(
                Files.readAllBytes(TestData.resolve("slsa/gcb/gcloud-container-gcs.json")), 1 << 20)
            .get(0);
    Verdict v = verifier.verify(gcs, null, NOW);
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).contains("no trusted key");
  }

  static final String NPM_BAD_SUBJECT = "npm-att-publish-invalid-signature.intoto.sigstore";

  /**
   * MANIFEST: must fail. Its tampered publish statement gives the subject's digest as a bare
   * string, so it is refused as a subject without digests before any signature is looked at.
   */
  @Test
  void theTamperedNpmPublishAttestationIsRefusedNamingTheSubject() {
    assertThatThrownBy(() ->
            new AttestationParser(true)
                .readAll(
                    Files.readAllBytes(TestData.resolve("slsa/gha/" + NPM_BAD_SUBJECT)), 1 << 20))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/attestations/1/bundle/dsseEnvelope/payload");
  }

  @Test
  void theMalformedGcbFileIsRefusedAtParse() {
    assertThatThrownBy(() ->
            new AttestationParser(true)
                .readAll(
                    Files.readAllBytes(
                        TestData.resolve("slsa/gcb/gcloud-container-no-signature.json")),
                    1 << 20))
        .isInstanceOf(InvalidInputException.class);
  }
}
