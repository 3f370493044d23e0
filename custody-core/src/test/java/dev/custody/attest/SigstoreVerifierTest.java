package dev.custody.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sigstore verification beyond the agreement table: what a verdict records, and the trust file. */
class SigstoreVerifierTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final String JS_V02 = "sigstore/sigstore-js/bundleV02-dsse.sigstore";

  static TrustPolicy trust(String sigstore) {
    String file = "{\"version\":1,\"sigstore\":" + sigstore + "}";
    return TrustPolicy.parse(file.getBytes(StandardCharsets.UTF_8), Path.of("."));
  }

  static Attestation read(String file) throws IOException {
    return new AttestationParser(false)
        .readAll(Files.readAllBytes(TestData.resolve(file)), 1 << 24)
        .get(0);
  }

  @Test
  void a2023BundleVerifiesAtItsIntegratedTimeAndRecordsItsSignerAndLogEntry() throws IOException {
    TrustPolicy t =
        trust(
            "{\"trustedRoots\":[{\"name\":\"public-good\",\"identities\":"
                + "[{\"san\":\"brian@dehamer.com\"}]}]}");
    Verdict v = new AttestationVerifier(t).verify(read(JS_V02), null, NOW);
    assertThat(v.verified()).as(v.reason()).isTrue();
    assertThat(v.signer()).isNotNull();
    assertThat(v.signer().san()).isEqualTo("brian@dehamer.com");
    assertThat(v.signer().issuer()).isEqualTo("https://github.com/login/oauth");
    assertThat(v.logEntry()).isNotNull();
    assertThat(v.logEntry().logIndex()).isEqualTo(27246114L);
    assertThat(v.logEntry().integratedTime()).isEqualTo(Instant.ofEpochSecond(1689177043L));
    assertThat(v.logEntry().log()).isEqualTo("https://rekor.sigstore.dev");
    assertThat(v.logEntry().trustedRoot()).isEqualTo("public-good");
    assertThat(v.checks())
        .extracting(Verdict.Check::name)
        .containsSubsequence(
            "certificate-chain",
            "certificate-sct",
            "identity",
            "signature",
            "log-entry",
            "log-key",
            "log-set",
            "inclusion-proof",
            "checkpoint",
            "timestamp",
            "signing-time");
  }

  @Test
  void anIdentityTheCertificateDoesNotMatchFailsTheIdentityCheckOnly() throws IOException {
    TrustPolicy t =
        trust(
            "{\"trustedRoots\":[\"public-good\"],\"identities\":"
                + "[{\"sanRegex\":\".*@example\\\\.com\",\"issuer\":\"https://github.com/login/oauth\"}]}");
    Verdict v = new AttestationVerifier(t).verify(read(JS_V02), null, NOW);
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).startsWith("identity: san brian@dehamer.com");
    assertThat(v.checks())
        .filteredOn(c -> c.outcome() == Verdict.Outcome.FAILED)
        .extracting(Verdict.Check::name)
        .containsExactly("identity");
  }

  @Test
  void theSubjectOfADsseBundleIsCheckedAgainstTheGivenDigest() throws IOException {
    TrustPolicy t = trust("{\"trustedRoots\":[\"public-good\"]}");
    Verdict v = new AttestationVerifier(t).verify(read(JS_V02), "sha256:" + "0".repeat(64), NOW);
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).startsWith("subject-digest");
  }

  @Test
  void withoutATrustedRootACertificateSignedBundleIsUnverifiedNotConfigured() throws IOException {
    Verdict v = new AttestationVerifier(TrustPolicy.empty()).verify(read(JS_V02), null, NOW);
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).isEqualTo(Verdict.SIGSTORE_NOT_CONFIGURED);
  }

  @Test
  void theNpmPublishAttestationsLogEntryAndSetAreCheckedWhenARootIsTrusted() throws IOException {
    String trust =
        "{\"version\":1,\"keys\":[{\"keyid\":\"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA\","
            + "\"pemFile\":\""
            + TestData.resolve("slsa/npm/npm-registry-attestations-key.pem")
            + "\"}],\"sigstore\":{\"trustedRoots\":[\"public-good\"]}}";
    TrustPolicy t = TrustPolicy.parse(trust.getBytes(StandardCharsets.UTF_8), Path.of("."));
    Attestation publish =
        new AttestationParser(false)
            .readAll(
                Files.readAllBytes(
                    TestData.resolve(
                        "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigprov.tgz.json")),
                1 << 20)
            .get(0);
    Verdict v = new AttestationVerifier(t).verify(publish, null, NOW);
    assertThat(v.verified()).as(v.reason()).isTrue();
    assertThat(v.keyid()).isEqualTo("SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA");
    assertThat(v.checks())
        .filteredOn(c -> c.outcome() == Verdict.Outcome.PASSED)
        .extracting(Verdict.Check::name)
        .containsExactly("signature", "log-entry", "log-key", "log-set");
    // A v0.1 bundle with only its SET (the log's promise): no proof to check, said so.
    assertThat(v.checks())
        .filteredOn(c -> c.name().equals("inclusion-proof"))
        .extracting(Verdict.Check::outcome)
        .containsExactly(Verdict.Outcome.SKIPPED);
    assertThat(v.logEntry()).isNotNull();
  }

  @Test
  void theStoredVerdictKeepsTheSignerAndTheLogEntry() throws IOException {
    TrustPolicy t = trust("{\"trustedRoots\":[\"public-good\"]}");
    Attestation a = read(JS_V02);
    Verdict v = new AttestationVerifier(t).verify(a, null, NOW);
    var doc = new ObjectMapper().readTree(Files.readAllBytes(TestData.resolve(JS_V02)));
    var record = AttestationRecords.envelope(doc, a, v).record();
    Verdict back =
        AttestationRecords.read(new ObjectMapper().readTree(record.canonical())).verdict();
    assertThat(back.signer()).isEqualTo(v.signer());
    assertThat(back.logEntry()).isEqualTo(v.logEntry());
    assertThat(back.checks()).isEqualTo(v.checks());
  }

  @Test
  void aBadTrustFileIsRefusedNamingTheMember() {
    assertThatThrownBy(() -> trust("{\"trustedRoots\":[{\"name\":\"staging\"}]}"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/sigstore/trustedRoots/0/name");
    assertThatThrownBy(() ->
            trust(
                "{\"trustedRoots\":[{\"name\":\"public-good\",\"identities\":[{\"sanRegex\":\"(\"}]}]}"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/sigstore/trustedRoots/0/identities/0/sanRegex");
    assertThatThrownBy(() -> trust("{\"trustedRoots\":[\"no/such/trusted_root.json\"]}"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/sigstore/trustedRoots/0");
  }

  @Test
  void aCertificateThatDoesNotParseIsRefusedNamingIt() throws IOException {
    var doc =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new ObjectMapper().readTree(Files.readAllBytes(TestData.resolve(JS_V02)));
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            doc.path("verificationMaterial")
                .path("x509CertificateChain")
                .path("certificates")
                .get(0))
        .put("rawBytes", "AAAA");
    assertThatThrownBy(() -> new AttestationParser(false).read(doc, ""))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/verificationMaterial/x509CertificateChain/certificates/0/rawBytes");
  }

  @Test
  void theBundledPublicGoodRootLoads() {
    assertThat(SigstoreRoots.publicGood(List.of()).trustedRoot().getCAs()).isNotEmpty();
  }
}
