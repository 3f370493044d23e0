package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.model.NodeId;
import dev.custody.query.Lineage;
import dev.custody.query.LineageQuery;
import dev.custody.query.LineageQuery.Direction;
import dev.custody.query.LineageService;
import dev.custody.store.GraphNode;
import dev.custody.store.sqlite.SqliteLogStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator is deterministic, its counts are what the store holds, and the CTE is honest. */
class GraphGeneratorTest {
  @TempDir static Path dir;
  static GraphGenerator.Built built;

  @BeforeAll
  static void build() throws Exception {
    built = GraphGenerator.build(dir, 20_000, 1, 1000, line -> {});
  }

  @Test
  void sameSeedGivesTheSameRecordsAndAnotherSeedOthers() {
    assertThat(records(5, 3000)).isEqualTo(records(5, 3000)).isNotEqualTo(records(6, 3000));
  }

  @Test
  void countsItReportsAreTheRowsTheStoreHolds() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("custody.db"));
        Connection legacy = DriverManager.getConnection("jdbc:sqlite:" + LegacyTables.of(dir))) {
      assertThat(count(c, "records")).isEqualTo(built.records());
      assertThat(count(legacy, "nodes")).isEqualTo(built.nodes());
      assertThat(count(legacy, "edges")).isEqualTo(built.edges());
    }
    assertThat(built.nodes()).isBetween(20_000L, 20_100L);
    assertThat(built.edges()).isGreaterThan(2 * built.nodes());
  }

  @Test
  void recursiveCteFindsTheNodesLineageServiceFinds() throws Exception {
    Path db = dir.resolve("custody.db");
    try (SqliteLogStore store = SqliteLogStore.open(db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + LegacyTables.of(dir))) {
      LineageService lineage = new LineageService(store);
      long asOf = store.latestCheckpoint().orElseThrow().size();
      List<String> ids = ids(c);
      SplittableRandom r = new SplittableRandom(11);
      int compared = 0;
      int nonTrivial = 0;
      for (Direction d : List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)) {
        try (PreparedStatement cte =
            c.prepareStatement(LineageBench.cte(d == Direction.UPSTREAM))) {
          for (int i = 0; i < 100; i++) {
            String start = ids.get(r.nextInt(ids.size()));
            Lineage l =
                lineage.lineage(
                    new LineageQuery(
                        NodeId.parse(start, "id"),
                        d,
                        LineageBench.DEPTH,
                        Set.of(),
                        Set.of(),
                        null,
                        LineageQuery.DEFAULT_LIMIT));
            if (l.nodes().size() >= LineageQuery.DEFAULT_LIMIT) {
              continue;
            }
            Set<String> viaService =
                l.nodes().stream()
                    .map(GraphNode::id)
                    .map(NodeId::toString)
                    .collect(Collectors.toSet());
            assertThat(LineageBench.reachable(cte, start, asOf))
                .as("%s from %s", d, start)
                .isEqualTo(viaService);
            compared++;
            nonTrivial += viaService.size() > 2 ? 1 : 0;
          }
        }
      }
      assertThat(compared).isGreaterThan(50);
      assertThat(nonTrivial).isGreaterThan(20);
    }
  }

  private static List<String> records(long seed, int n) {
    GraphGenerator g = new GraphGenerator(seed);
    return IntStream.range(0, n).mapToObj(i -> g.next()).toList();
  }

  private static long count(Connection c, String table) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> ids(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM nodes ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
