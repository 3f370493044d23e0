package dev.custody.store.sqlite;

import dev.custody.model.Kind;
import dev.custody.model.Relation;
import dev.custody.store.LinkCheck;
import dev.custody.store.LinkCheckResult;
import dev.custody.store.MissingLink;
import dev.custody.store.SourceReach;
import dev.custody.store.Sources;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whole-graph checks (missing links, reachability from sources) as one pass over the in-memory
 * {@link GraphIndex}: every node once, the edges of the nodes a rule selects, and each alias class
 * (identity links, both ways) walked once and remembered. Answers are those of the SQL statements
 * they replace (kept in the tests as {@code SqlGraphOracle}): a node is one the nodes table holds
 * (named by a record, not only by edges), its type as of a log size is {@code nodeAsOf}'s (the
 * latest non-null type stated below it; the nodes table's when every record counts), edges count
 * below {@code asOf}, and rows are ordered by first index, then id in SQLite's text order.
 */
final class IndexChecks {
  private IndexChecks() {}

  /** As {@code LogStore.checkLinks}; null if the index is broken. */
  static @Nullable LinkCheckResult check(
      GraphIndex index, LinkCheck check, long asOf, boolean latest, int limit) {
    return index.read(g -> new Pass(g, asOf, latest).check(check, limit));
  }

  /** As {@code LogStore.reachingSources}; null if the index is broken. */
  static @Nullable Map<String, SourceReach> reach(
      GraphIndex index,
      Set<String> types,
      Sources sources,
      Set<Relation> relations,
      long asOf,
      boolean latest) {
    if (types.isEmpty()) {
      return Map.of();
    }
    return index.read(g -> new Pass(g, asOf, latest).reach(types, sources, relations));
  }

  /** One check's reading of the index, under its read lock. */
  private static final class Pass {
    private static final int UNKNOWN = 0;
    private static final int NO = 1;
    private static final int YES = 2;

    private final GraphIndex g;
    private final long asOf;
    private final boolean latest;
    // Alias classes walked so far: node -> class number, and each class's members. A node with no
    // identity link below asOf is its own class and is not filed.
    private final Int2IntOpenHashMap classOf = new Int2IntOpenHashMap();
    private final ObjectArrayList<int[]> members = new ObjectArrayList<>();

    Pass(GraphIndex g, long asOf, boolean latest) {
      this.g = g;
      this.asOf = asOf;
      this.latest = latest;
      classOf.defaultReturnValue(-1);
    }

    LinkCheckResult check(LinkCheck check, int limit) {
      Relation via = check.via();
      Relation required = check.required();
      // Per alias class (keyed by its first member): whether one of them is the subject of a
      // required edge, and (via) whether one is a node of one of viaTypes.
      Int2IntOpenHashMap done = new Int2IntOpenHashMap();
      Int2IntOpenHashMap typed = new Int2IntOpenHashMap();
      Comparator<long[]> order =
          (a, b) -> {
            int c = Long.compare(g.firstIndex((int) a[0]), g.firstIndex((int) b[0]));
            return c != 0 ? c : g.compareIds((int) a[0], (int) b[0]);
          };
      // The first `limit` missing by (first index, id): the largest kept on top, to be dropped.
      PriorityQueue<long[]> first = new PriorityQueue<>(order.reversed());
      long checked = 0;
      long missing = 0;
      IntArrayList targets = new IntArrayList();
      for (int n = 0, count = g.nodeCount(); n < count; n++) {
        if (!selected(n, check.kind(), check.types())) {
          continue;
        }
        int lacking = -1;
        if (via == null) {
          checked++;
          if (remembered(done, n, m -> hasEdge(m, required))) {
            continue;
          }
        } else {
          targets.clear();
          g.forEachEdge(
              n,
              true,
              e -> {
                if (g.relation(e) == via && g.logIndex(e) < asOf) {
                  targets.add(g.object(e));
                }
              });
          targets.sort(null); // repeats (the same link stated again) next to each other
          boolean any = false;
          for (int k = 0; k < targets.size(); k++) {
            int t = targets.getInt(k);
            if (k > 0 && t == targets.getInt(k - 1)) {
              continue;
            }
            if (!remembered(typed, t, m -> isNodeOf(m, check.viaTypes()))) {
              continue;
            }
            any = true;
            if (!remembered(done, t, m -> hasEdge(m, required))
                && (lacking < 0 || g.compareIds(t, lacking) < 0)) {
              lacking = t;
            }
          }
          if (!any) {
            continue;
          }
          checked++;
          if (lacking < 0) {
            continue;
          }
        }
        missing++;
        if (limit > 0) {
          first.add(new long[] {n, lacking});
          if (first.size() > limit) {
            first.poll();
          }
        }
      }
      List<long[]> rows = new ArrayList<>(first);
      rows.sort(order);
      List<MissingLink> out = new ArrayList<>(rows.size());
      for (long[] row : rows) {
        int n = (int) row[0];
        int lacking = (int) row[1];
        out.add(
            new MissingLink(
                g.id(n), typeOf(n), g.firstIndex(n), lacking < 0 ? null : g.id(lacking)));
      }
      return new LinkCheckResult(checked, missing, out);
    }

    Map<String, SourceReach> reach(Set<String> types, Sources sources, Set<Relation> relations) {
      int count = g.nodeCount();
      BitSet reached = new BitSet(count);
      IntArrayList queue = new IntArrayList();
      List<String> prefixes = sources.idPrefixes().stream().map(IndexSearch::asStored).toList();
      for (int n = 0; n < count; n++) {
        if (named(n) && isSource(n, sources.types(), prefixes)) {
          reached.set(n);
          queue.add(n);
        }
      }
      // Downstream: to the subjects of the relations followed (identity links included), and
      // along identity links from their subject too, so that aliases count both ways.
      for (int i = 0; i < queue.size(); i++) {
        int r = queue.getInt(i);
        g.forEachEdge(
            r,
            false,
            e -> {
              Relation rel = g.relation(e);
              if ((rel.isIdentity() || relations.contains(rel)) && g.logIndex(e) < asOf) {
                visit(g.subject(e), reached, queue);
              }
            });
        for (int e : g.identityEdgesOf(r)) {
          if (g.subject(e) == r && g.logIndex(e) < asOf) {
            visit(g.object(e), reached, queue);
          }
        }
      }
      Map<String, long[]> counts = new HashMap<>();
      for (int n = 0; n < count; n++) {
        if (!named(n)) {
          continue;
        }
        String type = typeOf(n);
        if (in(types, type)) {
          long[] c = counts.computeIfAbsent(type, t -> new long[2]);
          c[0]++;
          c[1] += reached.get(n) ? 1 : 0;
        }
      }
      Map<String, SourceReach> out = new HashMap<>();
      counts.forEach((type, c) -> out.put(type, new SourceReach(c[0], c[1])));
      return out;
    }

    private static void visit(int n, BitSet reached, IntArrayList queue) {
      if (!reached.get(n)) {
        reached.set(n);
        queue.add(n);
      }
    }

    private boolean isSource(int n, Set<String> types, List<String> prefixes) {
      if (!types.isEmpty() && in(types, typeOf(n))) {
        return true;
      }
      for (String prefix : prefixes) {
        if (IndexSearch.inPrefixRange(g.id(n).toString(), prefix)) {
          return true;
        }
      }
      return false;
    }

    /** A row of the nodes table below {@code asOf}. */
    private boolean named(int n) {
      long first = g.firstIndex(n);
      return first >= 0 && first < asOf;
    }

    private boolean selected(int n, Kind kind, Set<String> types) {
      return named(n) && g.kind(n) == kind && (types.isEmpty() || in(types, typeOf(n)));
    }

    private @Nullable String typeOf(int n) {
      return latest ? g.latestType(n) : g.typeAsOf(n, asOf);
    }

    private boolean hasEdge(int n, Relation relation) {
      boolean[] found = {false};
      g.forEachEdge(n, true, e -> found[0] |= g.relation(e) == relation && g.logIndex(e) < asOf);
      return found[0];
    }

    private boolean isNodeOf(int n, Set<String> types) {
      return named(n) && (types.isEmpty() || in(types, typeOf(n)));
    }

    /** SQL's {@code type IN (...)}: a null type is in no set (and Set.of cannot be asked it). */
    private static boolean in(Set<String> types, @Nullable String type) {
      return type != null && types.contains(type);
    }

    /** Whether some alias of {@code n} (or n) satisfies {@code test}, remembered per class. */
    private boolean remembered(
        Int2IntOpenHashMap memo, int n, java.util.function.IntPredicate test) {
      int[] aliases = aliases(n);
      int key = aliases[0];
      int known = memo.get(key);
      if (known != UNKNOWN) {
        return known == YES;
      }
      boolean any = false;
      for (int i = 0; i < aliases.length && !any; i++) {
        any = test.test(aliases[i]);
      }
      memo.put(key, any ? YES : NO);
      return any;
    }

    /** The alias class of {@code n} (identity links below asOf, both ways), n's class first. */
    private int[] aliases(int n) {
      int c = classOf.get(n);
      if (c >= 0) {
        return members.get(c);
      }
      if (!hasLink(n)) {
        return new int[] {n};
      }
      IntArrayList found = IntArrayList.of(n);
      c = members.size();
      classOf.put(n, c);
      for (int i = 0; i < found.size(); i++) {
        for (int e : g.identityEdgesOf(found.getInt(i))) {
          if (g.logIndex(e) >= asOf) {
            continue;
          }
          for (int end : new int[] {g.subject(e), g.object(e)}) {
            if (classOf.get(end) < 0) {
              classOf.put(end, c);
              found.add(end);
            }
          }
        }
      }
      int[] all = found.toIntArray();
      members.add(all);
      return all;
    }

    private boolean hasLink(int n) {
      for (int e : g.identityEdgesOf(n)) {
        if (g.logIndex(e) < asOf) {
          return true;
        }
      }
      return false;
    }
  }
}
