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
