package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custody attest verify}: the server's verifier, offline, printing each check. */
class AttestVerifyTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  Path trust() throws IOException {
    Path t = dir.resolve("trust.json");
    Files.writeString(
        t,
        "{\"version\": 1, \"keys\": [{\"keyid\": \"projects/verified-builder/locations/us-central1/"
            + "keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1\", \"scheme\":"
            + " \"raw-payload\", \"pemFile\": \""
            + TestData.resolve("slsa/gcb/keys/us-central1.pem")
            + "\"}]}");
    return t;
  }

  @Test
  void aVerifiedAttestationExitsZeroAndPrintsEachCheck() throws IOException {
    Run r =
        run(
            "attest",
            "verify",
            TestData.resolve("slsa/gcb/gcloud-container-gcs.json").toString(),
            "--trust",
            trust().toString(),
            "--digest",
            "sha256:9dcfacc497b61c4d2ff5708e644c060726781fae514dc8ba71c49dced675bcbe");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("VERIFIED")
        .contains("passed  signature: signature 0 verifies with key projects/verified-builder")
        .contains("passed  subject-digest")
        .contains("passed  image-summary");
  }

  @Test
  void anUntrustedSignatureExitsOneWithTheReason() {
    Run r =
        run("attest", "verify", TestData.resolve("slsa/gcb/gcloud-container-gcs.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("UNVERIFIED").contains("reason: signature: no signature verifies");
  }

  static final String CONFORMANCE = "sigstore/conformance/bundle-verify/";

  Path sigstoreTrust() throws IOException {
    Path t = dir.resolve("sigstore-trust.json");
    Files.writeString(
        t,
        "{\"version\": 1, \"sigstore\": {\"trustedRoots\": [{\"name\": \"public-good\","
            + " \"identities\": [{\"sanRegex\": \"https://github\\\\.com/sigstore-conformance/.*\","
            + " \"issuer\": \"https://token.actions.githubusercontent.com\"}]}]}}");
    return t;
  }

  @Test
  void aSigstoreBundleVerifiesOfflineAndPrintsEachCheckTheSignerAndTheLogEntry()
      throws IOException {
    Run r =
        run(
            "attest",
            "verify",
            TestData.resolve(CONFORMANCE + "happy-path-v0.2/bundle.sigstore.json").toString(),
            "--trust",
            sigstoreTrust().toString(),
            "--artifact",
            TestData.resolve("sigstore/sigstore-java/artifact.txt").toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("VERIFIED   / sigstore-bundle")
        .contains("passed  certificate-chain: chains to a Fulcio CA of trusted root public-good")
        .contains("passed  identity: san https://github.com/sigstore-conformance/")
        .contains("passed  artifact-digest")
        .contains("passed  log-set")
        .contains("passed  inclusion-proof")
        .contains("passed  checkpoint")
        .contains("passed  signing-time")
        .contains("  signer: san https://github.com/sigstore-conformance/")
        .contains("  log entry: https://rekor.sigstore.dev index ");
  }

  @Test
  void aSigstoreBundleForAnotherArtifactExitsOneNamingTheCheck() throws IOException {
    Run r =
        run(
            "attest",
            "verify",
            TestData.resolve(CONFORMANCE + "wrong-material_fail/bundle.sigstore.json").toString(),
            "--trust",
            sigstoreTrust().toString(),
            "--artifact",
            TestData.resolve(CONFORMANCE + "wrong-material_fail/artifact").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("failed  artifact-digest").contains("reason: artifact-digest:");
  }

  @Test
  void aDocumentThatDoesNotParseIsAUsageError() {
    Run r =
        run(
            "attest",
            "verify",
            TestData.resolve("slsa/gcb/gcloud-container-no-signature.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("custody: error:");
  }
}
