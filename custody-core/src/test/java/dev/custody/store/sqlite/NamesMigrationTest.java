package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.model.NodeId;
import dev.custody.store.GraphNode;
import dev.custody.store.NodeNaming;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A graph written before version 2.2 (latest type and name only) keeps answering them after the
 * migration: they are dated to the node's first record.
 */
class NamesMigrationTest {
  @TempDir Path dir;

  @Test
  void aGraphFromBeforeVersion22KeepsItsLatestTypeAndNameDatedToTheFirstRecord() throws Exception {
    Path db = dir.resolve("custody.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + db);
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/sqlite")
        .target("2.1")
        .load()
        .migrate();
    try (Connection c = source.getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO nodes(id, kind, type, name, first_index) VALUES"
              + " ('https://ci.example/runs/1', 'activity', 'build', 'nightly', 3),"
              + " ('sha256:"
              + "d".repeat(64)
              + "', 'entity', NULL, NULL, 3)");
    }
    NodeId run = NodeId.parse("https://ci.example/runs/1", "id");

    try (SqliteLogStore store = SqliteLogStore.open(db)) {
      assertThat(store.namings(run)).containsExactly(new NodeNaming("build", "nightly", 3));
      assertThat(store.nodesAsOf(List.of(run), 4).get(run))
          .isEqualTo(new GraphNode(run, dev.custody.model.Kind.ACTIVITY, "build", "nightly", 3));
      assertThat(store.namings(NodeId.parse("sha256:" + "d".repeat(64), "id"))).isEmpty();
    }
  }
}
