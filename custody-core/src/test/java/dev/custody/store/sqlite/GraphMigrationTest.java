package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.service.ClockPolicy;
import dev.custody.service.GraphReindexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A store written at schema version 2.5 (the graph in its own tables) opens at version 3 with an
 * empty graph that says it must be rebuilt, never half the old one; the rebuild from the log
 * restores it and clears the flag. A store that never stated provenance needs no rebuild.
 */
class GraphMigrationTest {
  private static final String RUN = "https://github.com/org/repo/actions/runs/42";
  private static final String COMMIT =
      "git+https://github.com/org/repo@0123456789abcdef0123456789abcdef01234567";
  private static final String RECORD =
      """
      {"_type": "https://custody.dev/record/v1",
       "producer": "https://github.com/org/repo/actions",
       "time": "2026-11-25T12:00:00Z",
       "nodes": [{"id": "%s", "kind": "entity", "type": "git-commit"},
                 {"id": "%s", "kind": "activity", "type": "build"}],
       "relations": [{"relation": "used", "subject": "%s", "object": "%s"}]}
      """
          .formatted(COMMIT, RUN, RUN, COMMIT);

  @TempDir Path dir;

  @Test
  void aVersion25GraphIsRebuiltFromTheLog() throws Exception {
    Path db = dir.resolve("custody.db");
    SQLiteDataSource source = version25(db);
    CanonicalRecord record =
        new RecordParser(RecordLimits.DEFAULTS)
            .parseJson(RECORD.getBytes(StandardCharsets.UTF_8))
            .get(0);
    try (Connection c = source.getConnection();
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO records(idx, id, body, received_at) VALUES (0, ?, ?, 1)")) {
      ps.setBytes(1, record.id().digest());
      ps.setBytes(2, record.canonical());
      ps.executeUpdate();
      // The rows version 2.5 wrote for it (enough of them to be a graph).
      st.executeUpdate(
          "INSERT INTO nodes(id, kind, type, name, first_index) VALUES ('"
              + RUN
              + "', 'activity', 'build', NULL, 0)");
      st.executeUpdate(
          "INSERT INTO edges(subject, relation, object, log_index) VALUES ('"
              + RUN
              + "', 'used', '"
              + COMMIT
              + "', 0)");
      st.executeUpdate(
          "INSERT INTO record_meta(log_index, producer, claimed_at, received_at) VALUES"
              + " (0, 'https://github.com/org/repo/actions', 1, 1)");
    }
    NodeId run = NodeId.parse(RUN, "id");

    try (SqliteLogStore store = SqliteLogStore.open(db)) {
      assertThat(store.graphRebuildNeeded()).isTrue();
      assertThat(store.nodes(List.of(run))).isEmpty();

      new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});

      assertThat(store.graphRebuildNeeded()).isFalse();
      assertThat(store.nodes(List.of(run)).get(run).type()).isEqualTo("build");
      assertThat(store.edgesFrom(List.of(run), Set.of(Relation.USED), Long.MAX_VALUE))
          .singleElement()
          .satisfies(e -> assertThat(e.object().toString()).isEqualTo(COMMIT));
    }
    try (SqliteLogStore reopened = SqliteLogStore.open(db)) {
      assertThat(reopened.graphRebuildNeeded()).isFalse();
      assertThat(reopened.nodes(List.of(run))).containsKey(run);
    }
  }

  @Test
  void aStoreWithoutGraphNeedsNoRebuild() throws Exception {
    Path db = dir.resolve("custody.db");
    version25(db);
    try (SqliteLogStore store = SqliteLogStore.open(db)) {
      assertThat(store.graphRebuildNeeded()).isFalse();
    }
  }

  private static SQLiteDataSource version25(Path db) {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + db);
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/sqlite")
        .target("2.5")
        .load()
        .migrate();
    return source;
  }
}
