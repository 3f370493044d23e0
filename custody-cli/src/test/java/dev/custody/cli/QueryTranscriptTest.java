package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden transcripts of {@code custody ingest} and the query commands against one real server:
 * {@link IngestFixture} is ingested (twice), then queried. Deterministic because the records, their
 * order and so the tree are; the receive times and the server's address are masked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryTranscriptTest {
  private static final String POD = "https://k8s.acme.dev/pods/api-1";
  private static final String COMMIT = "git+https://github.com/acme/api@" + "d4".repeat(20);

  @TempDir static Path tmp;
  static ServerProcess server;
  static Transcript cli;
  static String url;

  @BeforeAll
  static void ingest() throws Exception {
    // The fixture's claimed times are fixed dates: with the default (24h), a run a day after them
    // marked every record a backfill, and the transcripts changed with the date they ran on.
    server =
        ServerProcess.start(
            tmp.resolve("data"), tmp.resolve("server.log"), "--backfill-after", "36500d");
    url = server.baseUrl();
    cli = new Transcript().mask(tmp.toString(), "<tmp>").mask(url, "<url>");
    IngestFixture.write(tmp.resolve("in"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private String run(String... args) {
    String t = cli.run(args).transcript();
    return t.replaceAll("received \\S+", "received <time>");
  }

  @Test
  @Order(1)
  void ingestOfAMixedDirectory() throws Exception {
    Transcript.assertGolden(
        "ingest-mixed", run("ingest", "--url", url, "--quiet", tmp.resolve("in").toString()));
    // Queries read at the latest checkpoint: wait until it covers all seven records.
    new LogClient(url)
        .awaitCheckpoint(
            LogClient.verifierKey(tmp.resolve("data")), c -> c.size() == 7, Duration.ofSeconds(30));
  }

  @Test
  @Order(2)
  void ingestAgain() throws Exception {
    Transcript.assertGolden(
        "ingest-again", run("ingest", "--url", url, "--quiet", tmp.resolve("in").toString()));
  }

  @Test
  @Order(3)
  void node() throws Exception {
    Transcript.assertGolden("node", run("node", "--url", url, GraphFixture.IMAGE));
  }

  @Test
  @Order(3)
  void lineage() throws Exception {
    Transcript.assertGolden("lineage", run("lineage", "--url", url, POD));
  }

  @Test
  @Order(3)
  void lineageWithOptions() throws Exception {
    Transcript.assertGolden(
        "lineage-options",
        run(
            "lineage",
            "--url",
            url,
            COMMIT,
            "--direction",
            "downstream",
            "--types",
            "pod,git-commit",
            "--as-of",
            "7",
            "--depth",
            "10"));
  }

  @Test
  @Order(3)
  void paths() throws Exception {
    Transcript.assertGolden("paths", run("paths", "--url", url, COMMIT, POD));
  }

  @Test
  @Order(3)
  void pathsAsOfAnEarlierLogSize() throws Exception {
    Transcript.assertGolden("paths-as-of", run("paths", "--url", url, COMMIT, POD, "--as-of", "2"));
  }

  @Test
  @Order(3)
  void search() throws Exception {
    Transcript.assertGolden("search", run("search", "--url", url, "https://k8s.acme.dev/"));
  }

  @Test
  @Order(3)
  void searchAsJson() throws Exception {
    Transcript.assertGolden(
        "search-json", run("search", "--url", url, "--json", "api", "--type", "container-image"));
  }

  @Test
  @Order(3)
  void gaps() throws Exception {
    Transcript.assertGolden("gaps", run("gaps", "--url", url));
  }

  @Test
  @Order(3)
  void gapsOfOneKindAsOfAnEarlierSize() throws Exception {
    Transcript.assertGolden(
        "gaps-options", run("gaps", "--url", url, "--kind", "no-agent", "--as-of", "2"));
  }

  @Test
  @Order(3)
  void coverage() throws Exception {
    Transcript.assertGolden("coverage", run("coverage", "--url", url));
  }

  @Test
  @Order(3)
  void lineageInATimeWindow() throws Exception {
    Transcript.assertGolden(
        "lineage-window",
        run(
            "lineage",
            "--url",
            url,
            POD,
            "--since",
            "2026-11-25T00:00:00Z",
            "--until",
            "2026-11-26T00:00:00Z"));
  }

  @Test
  @Order(3)
  void exportProv() throws Exception {
    Transcript.assertGolden("export-prov", run("export-prov", "--url", url, POD));
  }

  @Test
  @Order(3)
  void aNodeNoRecordStates() throws Exception {
    Transcript.assertGolden("node-unknown", run("node", "--url", url, "https://acme.dev/nothing"));
  }

  @Test
  @Order(3)
  void aProblemNamesTheField() throws Exception {
    Transcript.assertGolden(
        "lineage-bad-depth", run("lineage", "--url", url, POD, "--depth", "99"));
  }

  @Test
  @Order(3)
  void jsonIsTheServersAnswerAsItCame() {
    String viaCli = cli.run("lineage", "--url", url, "--json", POD).out();
    String direct =
        new String(
            new LogClient(url).get("/v1/lineage?id=" + ApiClient.segment(POD)).body(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(viaCli.strip()).isEqualTo(direct.strip().replace(url, "<url>"));
  }

  @Test
  @Order(3)
  void severalIdsExportOneDocumentALine() throws Exception {
    Transcript.Run r = cli.run("export-prov", "--url", url, POD, COMMIT);
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(ApiClient.JSON.readTree(line).has("prefix")).as(line).isTrue();
    }
    // Upstream of the pod is the whole release; upstream of the commit only the commit.
    assertThat(lines[0]).contains("pods/").contains("api@d4d4");
    assertThat(lines[1]).contains("api@d4d4").doesNotContain("pods/");
  }

  @Test
  @Order(3)
  void theServerComesFromCustodyUrlWhenNoUrlIsGiven() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.custody.cli.Main",
            "search",
            "--json",
            "https://k8s.acme.dev/pods/");
    pb.environment().put("CUSTODY_URL", url);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("\"id\":\"" + POD + "\"");
  }
}
