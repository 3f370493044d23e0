package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custody serve --trust FILE} in a child process, fed by {@code custody ingest}: attestation
 * files are recognised and sent to {@code POST /v1/attestations}; {@code --require-verified}
 * refuses what does not verify.
 */
class AttestIngestTest {
  @TempDir Path tmp;
  ServerProcess server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  Path trust() throws Exception {
    Path t = tmp.resolve("trust.json");
    Files.createDirectories(tmp.resolve("keys"));
    Files.copy(TestData.resolve("slsa/gcb/keys/us-central1.pem"), tmp.resolve("keys/gcb.pem"));
    Files.writeString(
        t,
        "{\"version\": 1, \"keys\": [{\"keyid\": \"projects/verified-builder/locations/us-central1/"
            + "keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1\", \"scheme\":"
            + " \"raw-payload\", \"pemFile\": \"keys/gcb.pem\"}]}");
    return t;
  }

  Path inputs() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(TestData.resolve("slsa/gcb/gcloud-container-gcs.json"), in.resolve("gcb.json"));
    Files.copy(
        TestData.resolve(
            "slsa/gha/gha_generic-v1.2.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        in.resolve("gha.intoto.jsonl"));
    return in;
  }

  @Test
  void ingestSendsAttestationsToTheAttestationRoute() throws Exception {
    server =
        ServerProcess.start(
            tmp.resolve("data"), tmp.resolve("server.log"), "--trust", trust().toString());
    Transcript.Run r =
        new Transcript().run("ingest", "--url", server.baseUrl(), "--quiet", inputs().toString());
    assertThat(r.status()).as(r.transcript()).isZero();
    assertThat(r.out()).containsPattern("(?m)^attestation +2 +0 +0$");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(2);
  }

  @Test
  void requireVerifiedRefusesTheCertificateSignedOne() throws Exception {
    server =
        ServerProcess.start(
            tmp.resolve("data"),
            tmp.resolve("server.log"),
            "--trust",
            trust().toString(),
            "--require-verified");
    Transcript.Run r =
        new Transcript().run("ingest", "--url", server.baseUrl(), "--quiet", inputs().toString());
    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(r.out()).contains("sigstore verification not configured");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(1);
  }
}
