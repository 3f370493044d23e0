package dev.custody.store;

import dev.custody.log.Tile;
import dev.custody.log.TileReader;
import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.RecordId;
import dev.custody.model.Relation;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Durable storage of the log: records, the tiles of its Merkle tree, and every checkpoint ever
 * published. Every backend (SQLite embedded, PostgreSQL) implements this and passes the same
 * contract suite ({@code LogStoreContract} in the test jar).
 *
 * <p>Thread safety: reads may run concurrently with each other and with one writer. Writes ({@link
 * #append}, {@link #addCheckpoint}) come from a single writer thread. A write method returns only
 * once its transaction is durably committed; if it throws, nothing was written.
 */
public interface LogStore extends TileReader, AutoCloseable {

  /** Number of records committed, which is the size of the log. */
  long size();

  /** Indexes of those of {@code ids} that are stored; ids not stored are absent. */
  Map<RecordId, Long> findIndexes(Collection<RecordId> ids);

  /**
   * Commits, in one transaction, records whose indexes continue the log without gaps ({@code
   * size()}, {@code size() + 1}, ...), the tiles those records changed (replacing stored ones with
   * the same coordinates), and what those of the records that state provenance add to the graph
   * (each {@link GraphRecord#index()} is the index of one of {@code records}). The caller has
   * checked that no node changes kind; the store refuses one that does.
   *
   * @throws IllegalArgumentException if a node would change kind (nothing is written)
   * @throws dev.custody.error.InternalException if the transaction fails (nothing is written)
   */
  default void append(List<StoredRecord> records, List<Tile> tiles, List<GraphRecord> graph) {
    append(records, tiles, graph, List.of());
  }

  /**
   * {@link #append(List, List, List)} with the payloads the new records name (each {@link
   * StoredPayload#index()} is the index of one of {@code records}), written in the same
   * transaction. A payload already stored is kept as it is: same digest, same bytes.
   */
  default void append(
      List<StoredRecord> records,
      List<Tile> tiles,
      List<GraphRecord> graph,
      List<StoredPayload> payloads) {
    append(prepare(records, tiles, graph, payloads));
  }

  /**
   * What {@link #append(Batch)} commits, made ready beforehand: a writer that prepares the next
   * batch while the last one commits calls {@link #prepare} on its preparing thread, so the work a
   * backend can do without its transaction (encoding the graph's rows) is done there.
   *
   * @param projections the graph records' rows as this backend writes them, one per graph record in
   *     order, or empty for the backend to make them itself
   */
  record Batch(
      List<StoredRecord> records,
      List<Tile> tiles,
      List<GraphRecord> graph,
      List<StoredPayload> payloads,
      List<byte[]> projections) {}

  /**
   * Makes a {@link Batch} of what {@link #append(List, List, List, List)} takes; pure (no I/O),
   * thread safe, and may run on any thread. This default leaves the rows to the append.
   */
  default Batch prepare(
      List<StoredRecord> records,
      List<Tile> tiles,
      List<GraphRecord> graph,
      List<StoredPayload> payloads) {
    return new Batch(records, tiles, graph, payloads, List.of());
  }

  /** Commits a prepared batch, as {@link #append(List, List, List, List)} commits its parts. */
  void append(Batch batch);

  /** A stored payload by its digest ({@code sha256:<hex>}). */
  Optional<Payload> payload(String digest);

  /** {@link #append(List, List, List)} of records that add nothing to the graph. */
  default void append(List<StoredRecord> records, List<Tile> tiles) {
    append(records, tiles, List.of());
  }

  /** Stores a newly published checkpoint; its size must exceed every stored one. */
  void addCheckpoint(StoredCheckpoint checkpoint);

  Optional<StoredRecord> recordAt(long index);

  Optional<StoredRecord> record(RecordId id);

  /** Up to {@code limit} records from {@code fromIndex} on, in index order. */
  List<StoredRecord> records(long fromIndex, int limit);

  /** Ids of up to {@code limit} records from {@code fromIndex} on, in index order. */
  List<RecordId> recordIds(long fromIndex, int limit);

  Optional<StoredCheckpoint> latestCheckpoint();

  /** Up to {@code limit} checkpoints with size at least {@code fromSize}, by increasing size. */
  List<StoredCheckpoint> checkpoints(long fromSize, int limit);

  // ---- the provenance graph (a projection of the log, written by append) ------------------

  /** The stored nodes among {@code ids}; ids never stated are absent. */
  Map<NodeId, GraphNode> nodes(Collection<NodeId> ids);

  /**
   * Edges whose subject is one of {@code subjects}, asserted by records with index below {@code
   * asOf}, restricted to {@code relations} unless that is empty; ordered by log index.
   */
  List<GraphEdge> edgesFrom(Collection<NodeId> subjects, Set<Relation> relations, long asOf);

  /** As {@link #edgesFrom}, for edges whose object is one of {@code objects}. */
  List<GraphEdge> edgesTo(Collection<NodeId> objects, Set<Relation> relations, long asOf);

  /**
   * Every node with an edge in {@code relations} (all when empty) into one of {@code objects},
   * below {@code asOf}, with the smallest log index of such an edge: {@link #edgesTo} reduced to
   * what a reachability walk needs, in no particular order. A backend can answer it without
   * building or sorting an edge per row.
   */
  default Map<NodeId, Long> subjectsOf(
      Collection<NodeId> objects, Set<Relation> relations, long asOf) {
    Map<NodeId, Long> out = new java.util.HashMap<>();
    for (GraphEdge e : edgesTo(objects, relations, asOf)) {
      out.merge(e.subject(), e.logIndex(), Math::min);
    }
    return out;
  }

  /**
   * One breadth-first walk downstream from all of {@code sources} at once, below {@code asOf}: each
   * level adds every node with an edge in {@code relations} into it ({@link #subjectsOf}), then the
   * identity links of the level's nodes, both ways ({@link #identityLinks}, in their order), whose
   * far ends join the next level as aliases; at most {@code maxDepth} levels, and a level starts
   * only while fewer than {@code maxNodes} nodes are reached. This default walks through those two
   * reads; a backend may walk in its own terms, with the same answer.
   */
  default Reach reachDownstream(
      List<NodeId> sources, Set<Relation> relations, long asOf, int maxNodes, int maxDepth) {
    Map<NodeId, Long> reached = new java.util.LinkedHashMap<>();
    Map<NodeId, List<NodeId>> classes = new java.util.HashMap<>();
    List<NodeId> frontier = new java.util.ArrayList<>();
    for (NodeId s : sources) {
      if (reached.putIfAbsent(s, -1L) == null) {
        frontier.add(s);
      }
    }
    boolean truncated = false;
    for (int depth = 0; !frontier.isEmpty(); depth++) {
      if (depth >= maxDepth || reached.size() >= maxNodes) {
        truncated = true;
        break;
      }
      List<NodeId> level = frontier;
      frontier = new java.util.ArrayList<>();
      for (Map.Entry<NodeId, Long> e : subjectsOf(level, relations, asOf).entrySet()) {
        if (reached.putIfAbsent(e.getKey(), e.getValue()) == null) {
          frontier.add(e.getKey());
        }
      }
      for (GraphEdge e : identityLinks(level, asOf)) {
        NodeId known = reached.containsKey(e.subject()) ? e.subject() : e.object();
        NodeId found = e.other(known);
        List<NodeId> ca = classes.getOrDefault(found, List.of(found));
        List<NodeId> cb = classes.getOrDefault(known, List.of(known));
        if (ca != cb && !ca.contains(known)) {
          List<NodeId> merged = new java.util.ArrayList<>(ca);
          merged.addAll(cb);
          for (NodeId id : merged) {
            classes.put(id, merged);
          }
        }
        if (reached.putIfAbsent(found, reached.getOrDefault(known, e.logIndex())) == null) {
          frontier.add(found);
        }
      }
    }
    List<NodeId> ids = new java.util.ArrayList<>(reached.keySet());
    long[] at = new long[ids.size()];
    List<List<NodeId>> classOf = new java.util.ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      at[i] = reached.get(ids.get(i));
      classOf.add(classes.get(ids.get(i)));
    }
    Reach.Nodes nodes =
        positions -> {
          List<NodeId> asked = new java.util.ArrayList<>(positions.length);
          for (int p : positions) {
            asked.add(ids.get(p));
          }
          Map<NodeId, GraphNode> found = nodesAsOf(asked, asOf);
          GraphNode[] out = new GraphNode[positions.length];
          for (int k = 0; k < positions.length; k++) {
            out[k] = found.get(asked.get(k));
          }
          return out;
        };
    return new Reach(ids, at, classOf, nodes, truncated);
  }

  /**
   * The identity links ({@code alternateOf}, {@code specializationOf}) with either end among {@code
   * ids}, below {@code asOf}: one edge per (subject, relation, object), the first record's, in
   * {@link GraphEdge#LOG_ORDER}. Records restate an alias every time they name an image, so a
   * popular one has thousands of rows for one link; a walk needs the link once.
   */
  default List<GraphEdge> identityLinks(Collection<NodeId> ids, long asOf) {
    Set<Relation> identity = Set.of(Relation.ALTERNATE_OF, Relation.SPECIALIZATION_OF);
    Map<List<Object>, GraphEdge> first = new java.util.HashMap<>();
    List<GraphEdge> all = new java.util.ArrayList<>(edgesFrom(ids, identity, asOf));
    all.addAll(edgesTo(ids, identity, asOf));
    for (GraphEdge e : all) {
      first.merge(
          List.of(e.subject(), e.relation(), e.object()),
          e,
          (a, b) -> a.logIndex() <= b.logIndex() ? a : b);
    }
    List<GraphEdge> out = new java.util.ArrayList<>(first.values());
    out.sort(GraphEdge.LOG_ORDER);
    return out;
  }

  /**
   * Up to {@code limit} nodes whose id starts with {@code text} or whose name contains it (ASCII
   * letters compared without case), of type {@code type} unless that is null; by id.
   */
  List<GraphNode> searchNodes(String text, @Nullable String type, int limit);

  /**
   * Up to {@code limit} nodes whose id starts with {@code prefix} and that were first named below
   * log size {@code asOf}, by id (a range read on the node ids, no scan of names; impact queries
   * find every version of a package with it).
   */
  List<GraphNode> nodesWithIdPrefix(String prefix, long asOf, int limit);

  /**
   * The stored nodes among {@code ids} as they stood at log size {@code asOf}: a node first named
   * at or after {@code asOf} is absent, and its type and name are the latest non-null ones stated
   * below {@code asOf} (null if none was).
   */
  Map<NodeId, GraphNode> nodesAsOf(Collection<NodeId> ids, long asOf);

  /** Every type and name stated of {@code node}, by log index. */
  List<NodeNaming> namings(NodeId node);

  /**
   * The attributes (name to RFC 8785 canonical JSON) the asserting record stated on each of {@code
   * edges}; edges stated without attributes are absent.
   */
  Map<GraphEdge, Map<String, String>> edgeAttributes(Collection<GraphEdge> edges);

  /** The claimed time of each record among {@code indexes} that states provenance. */
  Map<Long, java.time.Instant> claimedTimes(Collection<Long> indexes);

  /**
   * The attributes named {@code names} stated of {@code nodes} by records below log size {@code
   * asOf}, by node, each list by log index.
   */
  Map<NodeId, List<NodeAttribute>> attributes(
      Collection<NodeId> nodes, Set<String> names, long asOf);

  /** Every attribute stated of {@code node}, by log index then name. */
  List<NodeAttribute> attributes(NodeId node);

  /** Up to {@code limit} records that name {@code node}, by log index. */
  List<Mention> mentions(NodeId node, int limit);

  /**
   * The earliest and latest claimed times of the records that mention {@code node}; empty when none
   * does. Unlike the first mention's time, this does not depend on the order records arrived.
   */
  default Optional<ClaimedSpan> claimedSpan(NodeId node) {
    Instant earliest = null;
    Instant latest = null;
    for (Mention m : mentions(node, Integer.MAX_VALUE)) {
      Instant t = m.claimedTime();
      earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
      latest = latest == null || t.isAfter(latest) ? t : latest;
    }
    return earliest == null ? Optional.empty() : Optional.of(new ClaimedSpan(earliest, latest));
  }

  /** The clocks of the record at {@code index}, if it states provenance. */
  Optional<RecordClocks> clocks(long index);

  /**
   * Applies {@code check} to the graph as of log size {@code asOf} (nodes first named, and edges
   * asserted, below it): how many nodes it applied to, how many lack the link, and the first {@code
   * limit} of those by first index, then id. One pass over the graph whatever its size, so a
   * backend answers it with set operations, not a walk per node.
   */
  LinkCheckResult checkLinks(LinkCheck check, long asOf, int limit);

  /**
   * For each of {@code types}: how many nodes of that type were named below log size {@code asOf},
   * and how many of them reach one of {@code sources} by following {@code relations} from subject
   * to object (upstream), identity links both ways, over edges asserted below {@code asOf}; a
   * source reaches itself. Types with no node are absent. One pass over the graph (a walk
   * downstream from every source at once), not a walk per node.
   */
  Map<String, SourceReach> reachingSources(
      Set<String> types, Sources sources, Set<Relation> relations, long asOf);

  /**
   * When things came to be, as the stored records state it ({@link OriginTimes}): for each of
   * {@code entities} (given by {@link OriginTimes#key}), its earliest generation, stated of it or
   * of any image named by repository and that digest; for each of {@code activities}, its earliest
   * stated start. Ids with none are absent. The causality check reads it once per batch. This
   * default reads edges, then each record's clocks and each activity's attributes; a backend
   * answers it in a query or two.
   */
  default Map<NodeId, java.time.Instant> originTimes(
      Collection<NodeId> entities, Collection<NodeId> activities) {
    Map<NodeId, java.time.Instant> out = new java.util.HashMap<>();
    Set<Relation> generated = Set.of(Relation.WAS_GENERATED_BY);
    List<GraphEdge> generations =
        new java.util.ArrayList<>(edgesFrom(entities, generated, Long.MAX_VALUE));
    List<NodeId> images = new java.util.ArrayList<>();
    for (GraphEdge a : edgesTo(entities, Set.of(Relation.ALTERNATE_OF), Long.MAX_VALUE)) {
      if (OriginTimes.key(a.subject()).equals(a.object()) && !a.subject().equals(a.object())) {
        images.add(a.subject());
      }
    }
    if (!images.isEmpty()) {
      generations.addAll(edgesFrom(images, generated, Long.MAX_VALUE));
    }
    for (GraphEdge e : generations) {
      java.time.Instant at = e.time();
      if (at == null) {
        at = clocks(e.logIndex()).map(RecordClocks::claimedTime).orElse(null);
      }
      if (at != null) {
        out.merge(
            OriginTimes.key(e.subject()),
            at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
            OriginTimes::earlier);
      }
    }
    for (NodeId id : activities) {
      for (NodeAttribute a : attributes(id)) {
        java.time.Instant at =
            a.name().equals("prov:startTime") ? OriginTimes.attributeTime(a.value()) : null;
        if (at != null) {
          out.merge(id, at, OriginTimes::earlier);
        }
      }
    }
    return out;
  }

  /**
   * How many nodes and edges the graph holds, cheaply (for metrics): a backend keeps the counts
   * rather than counting rows on each call.
   */
  GraphSize graphSize();

  /**
   * The kind of each of {@code ids} that some record named (as {@link #nodes} answers, without the
   * rest of each node): the write path checks every node it writes against it.
   */
  default Map<NodeId, Kind> kinds(Collection<NodeId> ids) {
    Map<NodeId, Kind> out = new java.util.HashMap<>();
    nodes(ids).forEach((id, n) -> out.put(id, n.kind()));
    return out;
  }

  /**
   * Whether the graph must be rebuilt from the log before it answers (the store's graph format
   * changed since it was written: see {@code dev.custody.service.GraphReindexer}); a rebuild clears
   * it.
   */
  default boolean graphRebuildNeeded() {
    return false;
  }

  /**
   * Replaces the whole provenance graph by the projection of every stored record, in one
   * transaction: deletes every graph row, then passes each record in index order to {@code
   * projection} and writes what it answers as {@link #append} would. If it throws, the old graph is
   * kept. {@code progress} hears the number of records projected so far (from the writer thread).
   *
   * @return the number of records that stated provenance
   * @throws IllegalArgumentException if the projections change a node's kind (nothing is written)
   * @throws dev.custody.error.InternalException if the transaction fails (nothing is written)
   */
  long rebuildGraph(
      Function<StoredRecord, Optional<GraphRecord>> projection, LongConsumer progress);

  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
