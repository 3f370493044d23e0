package dev.custody.store.sqlite;

import dev.custody.query.GapRules;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Not a test: times each whole-graph pass on the in-memory index of an existing store, then (with
 * {@code sql}) the SQL it replaced ({@link SqlGraphOracle}) on the same graph in the version 2.5
 * tables (exported once beside the store by {@link GraphExport}), and says whether the answers
 * agree. Opening migrates a store written before version 3: run it on a copy (docs/BENCHMARKS.md
 * has the command).
 */
public final class GraphChecksAtScale {
  private GraphChecksAtScale() {}

  static final java.lang.management.ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
  static final java.lang.management.OperatingSystemMXBean OS =
      ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    boolean sql = args.length > 1 && args[1].equals("sql");
    long w0 = System.nanoTime();
    long c0 = BEAN.getCurrentThreadCpuTime();
    Path legacy = db.resolveSibling("legacy-2.5.db");
    try (SqliteLogStore store = SqliteLogStore.open(db)) {
      if (sql && !java.nio.file.Files.exists(legacy)) {
        GraphExport.export(store, legacy); // the version 2.5 tables the SQL ran on
      }
    }
    try (SqliteLogStore store = SqliteLogStore.open(db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy.toAbsolutePath())) {
      System.out.printf(
          Locale.ROOT,
          "open (index load) wall %.1f s cpu %.1f s, load average %.2f%n",
          (System.nanoTime() - w0) / 1e9,
          (BEAN.getCurrentThreadCpuTime() - c0) / 1e9,
          OS.getSystemLoadAverage());
      long size = store.size();
      Set<String> types = new HashSet<>();
      GapRules.CATEGORIES.forEach(k -> types.addAll(k.types()));
      for (long asOf : new long[] {size, size / 2}) {
        boolean latest = asOf >= size;
        for (GapRules.Rule rule : GapRules.RULES) {
          compare(
              sql,
              rule.kind() + " asOf " + asOf,
              () -> store.checkLinks(rule.check(), asOf, 20),
              () -> SqlGraphOracle.check(c, rule.check(), asOf, latest, 20));
        }
        compare(
            sql,
            "coverage asOf " + asOf,
            () ->
                new java.util.TreeMap<>(
                    store.reachingSources(types, GapRules.SOURCES, GapRules.UPSTREAM, asOf)),
            () ->
                new java.util.TreeMap<>(
                    SqlGraphOracle.reach(
                        c, types, GapRules.SOURCES, GapRules.UPSTREAM, asOf, latest)));
        String prefix = "registry.example.com/team-0/";
        compare(
            sql,
            "prefix " + prefix + " asOf " + asOf,
            () -> store.nodesWithIdPrefix(prefix, asOf, 50),
            () -> SqlGraphOracle.withIdPrefix(c, prefix, asOf, 50));
      }
      for (String text : new String[] {"dataset:s3://landing:pipe-1", "Scheduler", "nothing"}) {
        compare(
            sql,
            "search " + text,
            () -> store.searchNodes(text, null, 50),
            () -> SqlGraphOracle.search(c, text, null, 50));
      }
      System.out.printf(
          Locale.ROOT,
          "load average %.2f, heap used %d MiB%n",
          OS.getSystemLoadAverage(),
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
  }

  static void compare(boolean sql, String what, Callable<Object> index, Callable<Object> bySql)
      throws Exception {
    long w = System.nanoTime();
    long cpu = BEAN.getCurrentThreadCpuTime();
    Object a = index.call();
    String line =
        String.format(
            Locale.ROOT,
            "%-45s index wall %.3f s cpu %.3f s",
            what,
            (System.nanoTime() - w) / 1e9,
            (BEAN.getCurrentThreadCpuTime() - cpu) / 1e9);
    if (sql) {
      w = System.nanoTime();
      cpu = BEAN.getCurrentThreadCpuTime();
      Object b = bySql.call();
      line +=
          String.format(
              Locale.ROOT,
              " | sql wall %.1f s cpu %.1f s | same %s",
              (System.nanoTime() - w) / 1e9,
              (BEAN.getCurrentThreadCpuTime() - cpu) / 1e9,
              Objects.equals(a, b));
    }
    System.out.println(line + " | " + summary(a));
  }

  static String summary(Object o) {
    if (o instanceof dev.custody.store.LinkCheckResult r) {
      return "checked " + r.checked() + " missing " + r.missing();
    }
    if (o instanceof java.util.List<?> l) {
      return l.size() + " nodes";
    }
    return String.valueOf(o);
  }
}
