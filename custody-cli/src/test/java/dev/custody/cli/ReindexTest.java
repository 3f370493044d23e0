package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.store.sqlite.GraphExport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custody reindex} rebuilds the graph's rows from the records alone: on a log written by a
 * real server, every projection and clock row comes back byte for byte as the write path made it.
 */
class ReindexTest {
  /** Each graph table in log order, projections as hex, so two dumps compare byte for byte. */
  private static final List<String> DUMPS =
      List.of(
          "SELECT log_index, hex(body) FROM graph_records ORDER BY log_index",
          "SELECT * FROM record_meta ORDER BY log_index");

  /** The same graph in the version 2.5 tables (GraphExport): readable, row by row. */
  private static final List<String> READABLE =
      List.of(
          "SELECT * FROM nodes ORDER BY id",
          "SELECT * FROM node_attributes ORDER BY node, log_index, name",
          "SELECT * FROM edges ORDER BY subject, relation, object, log_index",
          "SELECT * FROM mentions ORDER BY node, log_index",
          "SELECT * FROM node_names ORDER BY node, log_index",
          "SELECT * FROM edge_attributes ORDER BY subject, relation, object, log_index, name");

  @TempDir Path tmp;
  private Path data;
  private ServerProcess server;

  @BeforeEach
  void writeLogThroughAServer() throws Exception {
    data = tmp.resolve("data");
    server = ServerProcess.start(data, tmp.resolve("server.log"));
    LogClient client = new LogClient(server.baseUrl());
    for (byte[] body : GraphFixture.requests()) {
      HttpResponse<String> r = client.postRecords(body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    // A PROV-JSON document too: reindex must know it for PROV-JSON from the stored record alone.
    HttpResponse<String> prov = client.postJson("/v1/prov", PROV_DOCUMENT);
    assertThat(prov.statusCode()).as(prov.body()).isEqualTo(201);
  }

  private static final byte[] PROV_DOCUMENT =
      """
      {"prefix": {"ex": "https://example.org/"},
       "entity": {"ex:report": {}, "ex:table": {}},
       "activity": {"ex:job-run-7": {}},
       "used": {"_:u1": {"prov:activity": "ex:job-run-7", "prov:entity": "ex:table",
                         "prov:role": "input"}},
       "wasGeneratedBy": {"_:g1": {"prov:entity": "ex:report", "prov:activity": "ex:job-run-7"}}}
      """
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @AfterEach
  void killServer() {
    server.close();
  }

  @Test
  void reindexRefusesWhileAServerHoldsTheDataDirectory() {
    Run run = run("reindex", "--data", data.toString());

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("custody: error: another custody process is using ");
  }

  @Test
  void reindexReproducesEveryGraphRow() throws Exception {
    server.stop();
    List<String> before = dump();

    Run run = run("reindex", "--data", data.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("graph rebuilt from 5 records (4 state provenance)");
    assertThat(run.err()).contains("custody: reindexed 5 / 5 records (100%)");
    assertThat(before)
        .as("the PROV-JSON document's edge is in the graph")
        .anySatisfy(row -> assertThat(row).contains("https://example.org/report"));
    assertThat(before)
        .as("edge attributes of both formats and the image's rename are in the graph")
        .anySatisfy(row -> assertThat(row).contains("role").contains("source"))
        .anySatisfy(row -> assertThat(row).contains("prov:role").contains("input"))
        .anySatisfy(row -> assertThat(row).contains("api-server"));
    assertThat(dump()).containsExactlyElementsOf(before);
  }

  @Test
  void reindexSetsTheCausalityFlagsAgain() throws Exception {
    server.stop();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      assertThat(causalityFlagged(st)).containsExactly(2L); // the deploy record
      st.executeUpdate("UPDATE record_meta SET causality = 0");
    }

    Run run = run("reindex", "--data", data.toString(), "--quiet");

    assertThat(run.code()).as(run.err()).isZero();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      assertThat(causalityFlagged(st)).containsExactly(2L);
    }
  }

  private static List<Long> causalityFlagged(Statement st) throws java.sql.SQLException {
    List<Long> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT log_index FROM record_meta WHERE causality = 1")) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  @Test
  void reindexRestoresDeletedGraphRows() throws Exception {
    server.stop();
    List<String> before = dump();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      // The first three records' projections, and the last one's clocks.
      assertThat(
              st.executeUpdate(
                  "DELETE FROM graph_records WHERE log_index IN"
                      + " (SELECT log_index FROM graph_records ORDER BY log_index LIMIT 3)"))
          .isEqualTo(3);
      assertThat(
              st.executeUpdate(
                  "DELETE FROM record_meta WHERE log_index = (SELECT MAX(log_index) FROM"
                      + " record_meta)"))
          .isEqualTo(1);
    }
    assertThat(dump()).isNotEqualTo(before);

    Run run = run("reindex", "--data", data.toString(), "--quiet");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(dump()).containsExactlyElementsOf(before);
  }

  @Test
  void reindexedLogStillServesLineage() throws Exception {
    server.stop();
    run("reindex", "--data", data.toString(), "--quiet");
    server = ServerProcess.start(data, tmp.resolve("server.log"));

    HttpResponse<byte[]> node =
        new LogClient(server.baseUrl())
            .get("/v1/nodes/" + java.net.URLEncoder.encode(GraphFixture.IMAGE, "UTF-8"));

    assertThat(node.statusCode()).isEqualTo(200);
    assertThat(new String(node.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("api-server");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("custody.db"));
  }

  private List<String> dump() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect()) {
      rows.addAll(rows(c, DUMPS));
    }
    // Four of the five records state provenance (one row each in both tables); fewer after a
    // deletion.
    assertThat(rows).hasSizeBetween(DUMPS.size() + 4, DUMPS.size() + 8);
    Path legacy = Files.createTempDirectory(tmp, "export").resolve("legacy.db");
    GraphExport.export(data.resolve("custody.db"), legacy);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy)) {
      rows.addAll(rows(c, READABLE));
    }
    return rows;
  }

  private static List<String> rows(Connection c, List<String> queries) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (String sql : queries) {
        rows.add("-- " + sql);
        try (ResultSet rs = st.executeQuery(sql)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              row.append(i == 1 ? "" : " | ").append(rs.getString(i));
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return rows;
  }
}
