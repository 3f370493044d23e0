package dev.custody.bench;

import dev.custody.model.NodeId;
import dev.custody.query.Lineage;
import dev.custody.query.LineageQuery;
import dev.custody.query.LineageQuery.Direction;
import dev.custody.query.LineageService;
import dev.custody.store.GraphNode;
import dev.custody.store.sqlite.SqliteLogStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.sqlite.SQLiteConfig;

/**
 * Lineage at graph scale: depth-10 upstream and downstream walks from random start nodes of the
 * generated graph ({@link GraphGenerator}, 1M nodes), through {@link LineageService} (the real
 * query path, default limit), against a recursive SQL CTE over the same SQLite tables answering the
 * same question in the same run (the set of nodes within depth 10, identity links free both ways,
 * edges below the same log size) — the way Marquez answers lineage.
 *
 * <p>Start nodes are drawn uniformly from the {@code nodes} table with a fixed seed. For each
 * direction: a warm-up, then {@code queries} timed service walks; the first {@code cteQueries} of
 * those starts also run the CTE right after the service walk (paired, so both see the same machine
 * load), and when the service's answer was not cut by the node limit the two node sets must be
 * equal (the run fails otherwise).
 *
 * <p>Usage: {@code LineageBench [queries=1000] [cteQueries=200] [seed=7] [warmup=300]}; {@code
 * -Dcustody.bench.graphNodes=N} picks a smaller generated graph (default 1,000,000). The store's
 * open (the in-memory graph loaded from its projections) is timed and printed; the CTE runs on the
 * version 2.5 tables {@link LegacyTables} exports beside the store.
 */
public final class LineageBench {
  static final int DEPTH = 10;
  private static final String IDENTITY = "('alternateOf', 'specializationOf')";

  private LineageBench() {}

  /**
   * The CTE: rows (node, depth), a relation hop adds one to the depth, an identity link (either
   * way) none; UNION drops repeated rows. {@code up}: from subject to object.
   */
  static String cte(boolean up) {
    String near = up ? "subject" : "object";
    String far = up ? "object" : "subject";
    return "WITH RECURSIVE walk(node, depth) AS ("
        + " VALUES (?1, 0)"
        + " UNION SELECT e."
        + far
        + ", w.depth + 1 FROM walk w JOIN edges e ON e."
        + near
        + " = w.node WHERE w.depth < ?2 AND e.log_index < ?3 AND e.relation NOT IN "
        + IDENTITY
        + " UNION SELECT e.object, w.depth FROM walk w JOIN edges e ON e.subject = w.node"
        + " WHERE e.log_index < ?3 AND e.relation IN "
        + IDENTITY
        + " UNION SELECT e.subject, w.depth FROM walk w JOIN edges e ON e.object = w.node"
        + " WHERE e.log_index < ?3 AND e.relation IN "
        + IDENTITY
        + ") SELECT DISTINCT node FROM walk";
  }

  public static void main(String[] args) throws Exception {
    int queries = arg(args, 0, 1000);
    int cteQueries = arg(args, 1, 200);
    long seed = arg(args, 2, 7);
    int warmup = arg(args, 3, 300);
    Path dir = GraphGenerator.dataDir(Long.getLong("custody.bench.graphNodes", 1_000_000L));
    Path db = dir.resolve("custody.db");
    SQLiteConfig ro = new SQLiteConfig();
    ro.setReadOnly(true);
    long opening = System.nanoTime();
    try (SqliteLogStore store = SqliteLogStore.open(db);
        Connection sql =
            DriverManager.getConnection("jdbc:sqlite:" + LegacyTables.of(dir), ro.toProperties())) {
      System.out.printf("store opened in %.1f s%n", (System.nanoTime() - opening) / 1e9);
      LineageService lineage = new LineageService(store);
      List<String> ids = nodeIds(sql);
      long asOf = store.latestCheckpoint().orElseThrow().size();
      System.out.printf(
          "lineage: %,d nodes, log size %,d, depth %d, limit %d%n",
          ids.size(), asOf, DEPTH, LineageQuery.DEFAULT_LIMIT);
      SplittableRandom r = new SplittableRandom(seed);
      for (Direction d : List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)) {
        PreparedStatement cte = sql.prepareStatement(cte(d == Direction.UPSTREAM));
        for (int i = 0; i < warmup; i++) {
          lineage.lineage(query(ids.get(r.nextInt(ids.size())), d));
        }
        run(lineage, cte, ids, r, d, asOf, queries, cteQueries);
        cte.close();
      }
    }
  }

  private static void run(
      LineageService lineage,
      PreparedStatement cte,
      List<String> ids,
      SplittableRandom r,
      Direction d,
      long asOf,
      int queries,
      int cteQueries)
      throws SQLException {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] service = new long[queries];
    long[] serviceCpu = new long[queries];
    long[] cteCpu = new long[cteQueries];
    long[] pairedService = new long[cteQueries];
    long[] pairedCte = new long[cteQueries];
    long answered = 0;
    int cut = 0;
    int compared = 0;
    for (int i = 0; i < queries; i++) {
      String start = ids.get(r.nextInt(ids.size()));
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Lineage l = lineage.lineage(query(start, d));
      long t1 = System.nanoTime();
      service[i] = t1 - t0;
      serviceCpu[i] = cpu.getCurrentThreadCpuTime() - c0;
      answered += l.nodes().size();
      boolean limited = l.nodes().size() >= LineageQuery.DEFAULT_LIMIT;
      cut += limited ? 1 : 0;
      if (i >= cteQueries) {
        continue;
      }
      pairedService[i] = service[i];
      long c2 = cpu.getCurrentThreadCpuTime();
      long t2 = System.nanoTime();
      Set<String> viaCte = reachable(cte, start, asOf);
      pairedCte[i] = System.nanoTime() - t2;
      cteCpu[i] = cpu.getCurrentThreadCpuTime() - c2;
      if (!limited) {
        Set<String> viaService = new HashSet<>();
        for (GraphNode n : l.nodes()) {
          viaService.add(n.id().toString());
        }
        if (!viaService.equals(viaCte)) {
          throw new IllegalStateException(
              "%s from %s: service %d nodes, CTE %d nodes"
                  .formatted(d, start, viaService.size(), viaCte.size()));
        }
        compared++;
      }
    }
    long[] pairedServiceCpu = Arrays.copyOf(serviceCpu, cteQueries);
    Arrays.sort(service);
    Arrays.sort(serviceCpu);
    Arrays.sort(pairedServiceCpu);
    Arrays.sort(cteCpu);
    Arrays.sort(pairedService);
    Arrays.sort(pairedCte);
    System.out.printf(
        "lineage: %s service: %d queries, p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms,"
            + " %.0f nodes/answer, %d cut by the limit%n",
        d,
        queries,
        pct(service, 50),
        pct(service, 95),
        pct(service, 99),
        service[queries - 1] / 1e6,
        answered / (double) queries,
        cut);
    System.out.printf(
        "lineage: %s paired (%d starts): service p50=%.2fms p95=%.2fms; CTE p50=%.2fms"
            + " p95=%.2fms max=%.2fms; ratio p50=%.1fx p95=%.1fx; same node set in %d of %d"
            + " uncut answers%n",
        d,
        cteQueries,
        pct(pairedService, 50),
        pct(pairedService, 95),
        pct(pairedCte, 50),
        pct(pairedCte, 95),
        pairedCte[cteQueries - 1] / 1e6,
        pct(pairedCte, 50) / pct(pairedService, 50),
        pct(pairedCte, 95) / pct(pairedService, 95),
        compared,
        compared);
    // CPU time of the querying thread: what a walk costs, whatever else the machine runs.
    System.out.printf(
        "lineage: %s CPU time: service p50=%.2fms p95=%.2fms p99=%.2fms; paired service"
            + " p50=%.2fms p95=%.2fms, CTE p50=%.2fms p95=%.2fms; ratio p50=%.1fx p95=%.1fx%n",
        d,
        pct(serviceCpu, 50),
        pct(serviceCpu, 95),
        pct(serviceCpu, 99),
        pct(pairedServiceCpu, 50),
        pct(pairedServiceCpu, 95),
        pct(cteCpu, 50),
        pct(cteCpu, 95),
        pct(cteCpu, 50) / pct(pairedServiceCpu, 50),
        pct(cteCpu, 95) / pct(pairedServiceCpu, 95));
  }

  private static LineageQuery query(String start, Direction d) {
    return new LineageQuery(
        NodeId.parse(start, "id"), d, DEPTH, Set.of(), Set.of(), null, LineageQuery.DEFAULT_LIMIT);
  }

  static Set<String> reachable(PreparedStatement cte, String start, long asOf) throws SQLException {
    cte.setString(1, start);
    cte.setInt(2, DEPTH);
    cte.setLong(3, asOf);
    Set<String> out = new HashSet<>();
    try (ResultSet rs = cte.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<String> nodeIds(Connection c) throws SQLException {
    List<String> out = new ArrayList<>(1_100_000);
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM nodes");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }
}
