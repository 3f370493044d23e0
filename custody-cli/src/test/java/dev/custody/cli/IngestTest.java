package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custody ingest} against a real server in a child process. */
class IngestTest {
  @TempDir Path tmp;
  ServerProcess server;
  Transcript cli;

  private void start(String... serveArgs) {
    server = ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"), serveArgs);
    cli = new Transcript().mask(tmp.toString(), "<tmp>").mask(server.baseUrl(), "<url>");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The summary row of a format: accepted, already present, refused. */
  private static long[] row(String out, String format) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(format) + " +([\\d,]+) +([\\d,]+) +([\\d,]+)$")
            .matcher(out);
    assertThat(m.find()).as("row '%s' in:%n%s", format, out).isTrue();
    return new long[] {num(m.group(1)), num(m.group(2)), num(m.group(3))};
  }

  private static long num(String s) {
    return Long.parseLong(s.replace(",", ""));
  }

  @Test
  void aMixedDirectoryIsStoredExceptTheBadRecordWhichIsNamedWithItsReason() throws Exception {
    start();
    Path dir = IngestFixture.write(tmp.resolve("in"));
    Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), "--quiet", dir.toString());

    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(row(r.out(), "PROV-JSON document")).containsExactly(2, 0, 0);
    assertThat(row(r.out(), "Custody record")).containsExactly(3, 0, 1);
    assertThat(row(r.out(), "JSON record")).containsExactly(2, 0, 0);
    assertThat(row(r.out(), "total")).containsExactly(7, 0, 1);
    assertThat(r.out())
        .contains("<tmp>/in/" + IngestFixture.BAD_FILE + ":2\n")
        .contains("(field: /nodes/0/kind)")
        .contains(IngestFixture.BAD_KIND);
    // The records on either side of the bad one, in the same file, are stored.
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(7);
    assertThat(r.err()).contains("custody: error: 1 of 8 refused");
  }

  @Test
  void ingestingAgainReportsEverythingAlreadyPresent() throws Exception {
    start();
    Path dir = IngestFixture.write(tmp.resolve("in"));
    cli.run("ingest", "--url", server.baseUrl(), "--quiet", dir.toString());
    Transcript.Run again = cli.run("ingest", "--url", server.baseUrl(), "--quiet", dir.toString());

    assertThat(row(again.out(), "total")).containsExactly(0, 7, 1);
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(7);
  }

  @Test
  void requestsOverTheServersLimitsAreSplitUntilTheyFit() throws Exception {
    start("--max-records", "4", "--max-request-bytes", "600");
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      ndjson
          .append("{\"n\": ")
          .append(i)
          .append(", \"pad\": \"")
          .append("x".repeat(40))
          .append("\"}\n");
    }
    Path file = Files.writeString(tmp.resolve("many.ndjson"), ndjson);

    Transcript.Run r =
        cli.run("ingest", "--url", server.baseUrl(), "--quiet", "--batch", "100", file.toString());

    assertThat(r.status()).as(r.transcript()).isZero();
    assertThat(row(r.out(), "JSON record")).containsExactly(40, 0, 0);
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(40);
  }

  @Test
  void aRecordOverTheRecordLimitIsRefusedAloneAndTheOthersInItsBatchAreStored() throws Exception {
    start("--max-record-bytes", "200");
    String big = "{\"pad\": \"" + "x".repeat(300) + "\"}";
    Path file =
        Files.writeString(tmp.resolve("mixed.json"), "[{\"a\": 1},\n" + big + ",\n{\"b\": 2}]");

    Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), "--quiet", file.toString());

    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(row(r.out(), "JSON record")).containsExactly(2, 0, 1);
    assertThat(r.out())
        .contains("the record is 311 bytes; the limit is 200\n    <tmp>/mixed.json:2 item 1");
  }

  @Test
  void aMalformedLineIsRefusedByLineAndTheLinesAfterItAreStored() throws Exception {
    start();
    Path file =
        Files.writeString(
            tmp.resolve("events.ndjson"), "{\"a\": 1}\n{\"b\": \n{\"c\": 3}\n{\"d\": 4}\n");

    Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), "--quiet", file.toString());

    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(row(r.out(), "JSON record")).containsExactly(3, 0, 0);
    assertThat(row(r.out(), IngestTally.UNREADABLE)[2]).isEqualTo(1);
    assertThat(r.out()).contains("malformed JSON").contains("<tmp>/events.ndjson:");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isEqualTo(3);
  }

  @Test
  void aDashReadsStandardInput() throws Exception {
    start();
    InputStream saved = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream("{\"a\": 1}\n{\"b\": 2}\n".getBytes(StandardCharsets.UTF_8)));
      Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), "--quiet", "-");
      assertThat(r.status()).as(r.transcript()).isZero();
      assertThat(row(r.out(), "JSON record")).containsExactly(2, 0, 0);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void progressLinesGoToStandardErrorAndTheSummaryToStandardOutput() throws Exception {
    start();
    Path file = Files.writeString(tmp.resolve("one.json"), "{\"a\": 1}");
    Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), file.toString());
    assertThat(r.err()).startsWith("custody: ingest: 1/1 files, 1 values, ");
    assertThat(r.out()).startsWith("custody: ingested 1 file into <url>\n");
  }

  @Test
  void aServerThatCannotBeReachedIsExitStatusTwo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = Files.writeString(tmp.resolve("one.json"), "{\"a\": 1}");
    Transcript.Run r =
        new Transcript()
            .run("ingest", "--url", "http://127.0.0.1:" + port, "--quiet", file.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("custody: error: cannot reach http://127.0.0.1:" + port);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyOfAServerThatCannotBeReachedIsExitStatusTwoLikeIngest() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Transcript.Run r = new Transcript().run("verify", "--url", "http://127.0.0.1:" + port);
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("custody: error: cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void malformedProvJsonFixturesAreRefusedNamingTheMember() throws Exception {
    start();
    Path malformed = TestData.resolve("prov/prov-json/trungdong-prov/malformed");
    Transcript.Run r =
        cli.run("ingest", "--url", server.baseUrl(), "--quiet", malformed.toString());
    assertThat(r.status()).as(r.transcript()).isEqualTo(1);
    assertThat(row(r.out(), "PROV-JSON document")).containsExactly(0, 0, 3);
    assertThat(r.out())
        .contains("(field: /entity/ex:e1)\n    " + malformed + "/bad_record_content.json:1")
        .contains("(field: /entity)\n    " + malformed + "/bad_record_shape.json:1")
        .contains("(field: /entity/ex:e1/ex:attr)\n    " + malformed + "/bad_typed_literal.json:1")
        .contains("holds no JSON value\n    " + malformed + "/empty.json")
        .contains("found a number\n    " + malformed + "/top_level_scalar.json:1");
    // {"notarealtype": {}} has no PROV-JSON member: by its content it is an opaque JSON record,
    // which Custody stores as it stores any JSON object.
    assertThat(row(r.out(), "JSON record")).containsExactly(1, 0, 1);
  }

  @Test
  void everyRealProvJsonDocumentIsRecognisedAsProvJson() throws Exception {
    start();
    Path json = TestData.resolve("prov/prov-json/trungdong-prov/json");
    long files;
    try (var list = Files.list(json)) {
      files = list.count();
    }
    Transcript.Run r = cli.run("ingest", "--url", server.baseUrl(), "--quiet", json.toString());
    long[] prov = row(r.out(), "PROV-JSON document");
    assertThat(prov[0] + prov[1] + prov[2]).as(r.out()).isEqualTo(files);
    assertThat(r.out()).doesNotContain("JSON record").doesNotContain("Custody record");
  }

  @Test
  void aPathThatIsNotThereIsAUsageErrorAndNothingIsSent() throws Exception {
    start();
    Path file = Files.writeString(tmp.resolve("one.json"), "{\"a\": 1}");
    Transcript.Run r =
        cli.run(
            "ingest",
            "--url",
            server.baseUrl(),
            file.toString(),
            tmp.resolve("nothing").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("custody: error: no such file or directory: <tmp>/nothing\n");
    assertThat(new LogClient(server.baseUrl()).storedFrom(0)).isZero();
  }

  @Test
  void aBatchSizeOutOfRangeIsAUsageError() {
    Transcript.Run r = new Transcript().run("ingest", "--batch", "0", "-");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("custody: error: --batch must be between 1 and 10000, got 0");
  }
}
