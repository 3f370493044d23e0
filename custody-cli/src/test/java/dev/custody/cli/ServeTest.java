package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.log.note.NoteVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custody serve} as a process: one server per data directory, verifiable over HTTP. */
class ServeTest {
  @TempDir Path tmp;

  private ServerProcess server;

  @AfterEach
  void killServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void secondServerOnTheSameDataDirectoryIsRefused() {
    Path data = tmp.resolve("data");
    server = ServerProcess.start(data, tmp.resolve("first.log"));

    ServerProcess.Exited second = ServerProcess.runToExit(data, tmp.resolve("second.log"));

    assertThat(second.status()).as(second.output()).isEqualTo(1);
    assertThat(second.output().lines())
        .as(second.output())
        .anyMatch(l -> l.startsWith("custody: error: another custody process is using "));
    assertThat(new LogClient(server.baseUrl()).get("/checkpoint").statusCode())
        .as("the first server still serves")
        .isEqualTo(200);
  }

  @Test
  void verifyByUrlPassesAgainstARunningServer() throws Exception {
    Path data = tmp.resolve("data");
    server = ServerProcess.start(data, tmp.resolve("server.log"), "--checkpoint-interval-ms", "50");
    LogClient client = new LogClient(server.baseUrl());
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      json.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
    }
    HttpResponse<String> posted =
        client.postRecords(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    NoteVerifier key = LogClient.verifierKey(data);
    client.awaitCheckpoint(key, cp -> cp.size() == 300, Duration.ofSeconds(30));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new String[] {"verify", "--url", server.baseUrl(), "--quiet"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(status).as("%s%s", out, err).isZero();
    assertThat(out.toString()).contains(server.baseUrl() + ": 300 leaves");
  }
}
