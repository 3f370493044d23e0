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
 * {@code custody ingest} against {@code custody serve} in a child process: CycloneDX (JSON and XML)
 * and SPDX files are recognised and sent to {@code POST /v1/sboms}; a schema-invalid one is
 * reported with the server's reason and the others are stored.
 */
class SbomIngestTest {
  static final String XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
        <components>
          <component type="library">
            <name>tokio</name>
            <version>1.19.2</version>
            <purl>pkg:cargo/tokio@1.19.2</purl>
          </component>
        </components>
      </bom>
      """;

  @TempDir Path tmp;
  ServerProcess server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void ingestSendsSbomsToTheSbomRouteAndReportsTheInvalidOne() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(
        TestData.resolve("sbom/cyclonedx-bom-examples/dropwizard-1.3.15.cdx-1.2.json"),
        in.resolve("dropwizard.cdx.json"));
    Files.copy(
        TestData.resolve("sbom/spdx-examples/example11-sbom.spdx.json"),
        in.resolve("hello.spdx.json"));
    Files.copy(
        TestData.resolve("sbom/cyclonedx-spec-tests/1.6/invalid-component-type-1.6.json"),
        in.resolve("invalid.cdx.json"));
    Files.writeString(in.resolve("tokio.cdx.xml"), XML);
    server = ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"));
    Transcript.Run r =
        new Transcript().run("ingest", "--url", server.baseUrl(), "--quiet", in.toString());
    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(r.out()).containsPattern("(?m)^SBOM +3 +0 +1$");
    assertThat(r.out()).contains("invalid.cdx.json").contains("/components/0/type");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(3);

    Transcript.Run again =
        new Transcript().run("ingest", "--url", server.baseUrl(), "--quiet", in.toString());
    assertThat(again.out()).containsPattern("(?m)^SBOM +0 +3 +1$");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(3);
  }
}
