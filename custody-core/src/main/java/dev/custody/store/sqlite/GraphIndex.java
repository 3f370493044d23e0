package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import dev.custody.store.GraphSize;
import dev.custody.store.KindConflictException;
import dev.custody.store.NodeNaming;
import dev.custody.store.OriginTimes;
import dev.custody.store.Reach;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Every row of the {@code edges} table in memory, and of each node what {@code nodesAsOf} needs
 * (kind, first index, every type and name stated), so that a lineage walk costs array reads instead
 * of SQL statements per level and for its answer's nodes. Node ids are interned to ints; an edge is
 * a number into parallel primitive lists (subject, object, relation, log index, time), and each
 * node has the numbers of its edges in each direction. About 36 bytes an edge and 200 bytes a node
 * (ARCHITECTURE.md, docs/BENCHMARKS.md).
 *
 * <p>Thread safety: one writer ({@link #add}, under the store's lock, after the transaction that
 * wrote the same rows committed), many readers; a read-write lock keeps readers off the lists while
 * the writer grows them. Answers are the SQL path's: same rows, ordered by log index, then subject,
 * relation and object as SQLite compares text (UTF-8 bytes, that is code points).
 *
 * <p>If an update fails (out of memory), the index marks itself broken and answers {@code null}
 * from then on, so the store falls back to SQL rather than answer from an index that misses edges.
 */
final class GraphIndex {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GraphIndex.class);
  private static final long NO_TIME = Long.MIN_VALUE;
  private static final long NO_START = Long.MAX_VALUE;
  private static final Relation[] RELATIONS = Relation.values();
  // Relation ordinal -> rank of its label in SQLite's text order, for the ORDER BY tie-break.
  private static final int[] LABEL_RANK = labelRanks();

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ObjectArrayList<NodeId> nodes = new ObjectArrayList<>();
  private final IdNumbers ids = new IdNumbers(n -> nodes.get(n).toString());
  // The edges loaded at open, by node, as compressed rows: node n's edges are
  // outEdges[outStart[n] .. outStart[n + 1]) (in: the same by object). Two int arrays instead of a
  // list per node: a million small lists cost ~140 MiB and made the load's garbage collections
  // grow the heap. Nodes interned later are past the end of the start arrays.
  private int[] outStart = {0};
  private int[] outEdges = {};
  private int[] inStart = {0};
  private int[] inEdges = {};
  // Edges added since the load, by node.
  private final Chains outAdded = new Chains(false);
  private final Chains inAdded = new Chains(false);
  private final IntArrayList subjects;
  private final IntArrayList objects;
  private final IntArrayList relations;
  private final LongArrayList logIndexes;
  private final LongArrayList times;
  // Per node: the first record that named it (-1: none did, only edges name it) and its kind.
  private final LongArrayList firstIndexes = new LongArrayList();
  private final IntArrayList kinds = new IntArrayList();
  // Every type and name stated of a node (node_names), by node in log order: loaded rows
  // compressed like the edges, rows added later in a list per node.
  private final LongArrayList namingIndexes = new LongArrayList();
  private final ObjectArrayList<@Nullable String> namingTypes = new ObjectArrayList<>();
  private final ObjectArrayList<@Nullable String> namingNames = new ObjectArrayList<>();
  private final IntArrayList namingNodes = new IntArrayList();
  private int[] namingStart = {0};
  private int[] namingRows = {};
  private final Chains namingsAdded = new Chains(true);
  // Per node: its type and name as the nodes table holds them (the latest non-null each record
  // stated), the same string objects as the naming rows hold. The write path reads them to skip
  // restated nodes without a statement.
  private final ObjectArrayList<@Nullable String> latestTypes = new ObjectArrayList<>();
  private final ObjectArrayList<@Nullable String> latestNames = new ObjectArrayList<>();
  // Node types by their text, so that every node of a type holds one string (types are data, so a
  // producer may send many: past this many, new ones are held as they come).
  private static final int MAX_SHARED_TYPES = 4096;
  private final Map<String, String> types = new HashMap<>();
  // Every record that names a node (its mentions), by node in log order, compressed like the
  // edges at load; a value is the log index shifted left by one, plus one if the record stated
  // attributes of the node (only those records' projections are read for its attributes).
  private final IntArrayList mentionNodes = new IntArrayList();
  private final LongArrayList mentionValues = new LongArrayList();
  private int[] mentionStart = {0};
  private int[] mentionRows = {};
  private final Chains mentionsAdded = new Chains(false);
  // Per node: the last record that named it (one mention a record) and its earliest stated start.
  private final LongArrayList lastMentions = new LongArrayList();
  private final LongArrayList startTimes = new LongArrayList();
  // Per node: its earliest generation, the time of a wasGeneratedBy from it (the edge's, else its
  // record's claimed time); NO_START: none. The causality check reads it for every batch.
  private final LongArrayList generationTimes = new LongArrayList();
  // The claimed time of each record that states provenance, by log index (NO_TIME: none).
  private final LongArrayList claimedTimes = new LongArrayList();
  // Nodes some record named (the rest only edges name).
  private long namedNodes;
  // Nodes that are the subject of an edge stated with attributes (edge_attributes): only their
  // edges need the attribute read, and most graphs state few.
  private final IntOpenHashSet attributedSubjects = new IntOpenHashSet();
  // Identity edges (alternateOf, specializationOf) by either end. A walk looks for them at every
  // node it reaches, both ways; through the full adjacency, a node many edges point at (a builder,
  // a base image) cost a scan of all of them to find none. OpenLineage gives every dataset version
  // one (specializationOf its dataset), so they are chained like the added edges, not kept in a
  // list per node.
  private final Chains identityEdges = new Chains(false);
  // Nodes whose id has a character beyond the BMP: only they need the code point compare.
  private final java.util.BitSet supplementary = new java.util.BitSet();
  private boolean broken;

  private GraphIndex(int edges) {
    subjects = new IntArrayList(edges);
    objects = new IntArrayList(edges);
    relations = new IntArrayList(edges);
    logIndexes = new LongArrayList(edges);
    times = new LongArrayList(edges);
  }

  /** An index of nothing, for a graph being rebuilt. */
  static GraphIndex empty() {
    GraphIndex index = new GraphIndex(0);
    index.compress();
    return index;
  }

  /**
   * The index of the stored graph, read through {@code c}: every record's projection ({@code
   * graph_records}, in log order) and the claimed time of each ({@code record_meta}).
   */
  static GraphIndex load(Connection c) throws SQLException {
    int count;
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM graph_records");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      count = Math.toIntExact(rs.getLong(1));
    }
    GraphIndex index = new GraphIndex(count * 3);
    Map<String, String> types = new HashMap<>(); // few distinct types: keep one string of each
    try (PreparedStatement ps =
        c.prepareStatement("SELECT log_index, body FROM graph_records ORDER BY log_index")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long logIndex = rs.getLong(1);
          EdgeKeys keys = new EdgeKeys();
          GraphCodec.scan(
              rs.getBytes(2),
              new GraphCodec.Visitor() {
                @Override
                public void node(
                    String id,
                    Kind kind,
                    @Nullable String type,
                    @Nullable String name,
                    boolean attributed,
                    @Nullable String start) {
                  index.stateNode(
                      index.intern(id, "id"),
                      logIndex,
                      kind,
                      type == null ? null : types.computeIfAbsent(type, t -> t),
                      name,
                      attributed,
                      start == null ? null : OriginTimes.attributeTime(start),
                      true);
                }

                @Override
                public void edge(
                    String subject,
                    Relation relation,
                    String object,
                    long time,
                    boolean attributed) {
                  index.stateEdge(
                      keys,
                      index.intern(subject, "subject"),
                      relation,
                      index.intern(object, "object"),
                      logIndex,
                      time,
                      attributed,
                      true);
                }
              });
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT log_index, claimed_at FROM record_meta")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          index.claimed(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    for (int e = 0; e < index.logIndexes.size(); e++) { // now that every claimed time is known
      index.generated(e);
    }
    index.compress();
    return index;
  }

  /**
   * Adds {@code graph}, committed by the caller, with the node numbers {@link #checkKinds} found
   * for it (the index unchanged since but by earlier records of {@code graph}; a -1 is looked up
   * again). Never throws: a failure marks the index broken (see the class comment).
   */
  void add(List<GraphRecord> graph, int[][] numbers) {
    // A record at a time under the write lock, so that readers (the sequencer's checks of the next
    // batch among them) wait for one record, not the batch. A reader may see part of the batch:
    // every read asks as of a log size the caller has published, and these records are past it.
    for (int r = 0; r < graph.size(); r++) {
      lock.writeLock().lock();
      try {
        if (broken) {
          return;
        }
        add(graph.get(r), numbers[r]);
      } catch (RuntimeException | OutOfMemoryError e) {
        broken = true;
        LOG.error(
            "the in-memory graph index failed an update; graph reads fail until a restart", e);
        return;
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private void add(GraphRecord g, int[] found) {
    claimed(g.index(), g.claimedTime().toEpochMilli());
    // The record's own nodes, so that its edges' ends (mostly the same ids) are found here rather
    // than hashed again into the big map.
    NodeId[] named = new NodeId[g.nodes().size()];
    int[] numbers = new int[named.length];
    int k = 0;
    for (Node node : g.nodes()) {
      named[k] = node.id();
      numbers[k] = found[k] >= 0 ? found[k] : intern(node.id());
      stateNode(
          numbers[k++],
          g.index(),
          node.kind(),
          node.type(),
          node.name(),
          // Not read from GraphCodec.attributesOf(node): that map writes the start time as text.
          GraphCodec.attributed(node),
          OriginTimes.start(node),
          false);
    }
    EdgeKeys keys = new EdgeKeys();
    for (Edge e : g.edges()) {
      Instant t = e.time();
      stateEdge(
          keys,
          intern(e.subject(), named, numbers),
          e.relation(),
          intern(e.object(), named, numbers),
          g.index(),
          t == null ? NO_TIME : t.toEpochMilli(),
          !e.attributes().isEmpty(),
          false);
    }
  }

  /**
   * The edges one record stated so far, to file a repeat once: a scan of an array for the few edges
   * most records state, a hash set past {@value #SCANNED_EDGES}.
   */
  static final class EdgeKeys {
    private final long[] few = new long[SCANNED_EDGES];
    private int size;
    private @Nullable LongOpenHashSet many;

    /** Adds a key; false if it was there. */
    boolean add(long key) {
      if (many != null) {
        return many.add(key);
      }
      for (int i = 0; i < size; i++) {
        if (few[i] == key) {
          return false;
        }
      }
      if (size == few.length) {
        many = new LongOpenHashSet(few);
        return many.add(key);
      }
      few[size++] = key;
      return true;
    }
  }

  private static final int SCANNED_EDGES = 16;

  /**
   * Files what record {@code index} states of node {@code n}: a node keeps its first index and
   * kind, its latest type and name; the record is one of its mentions (once, however often the
   * record names it), with a type or name a naming row, with a start time its earliest start.
   */
  private void stateNode(
      int n,
      long index,
      Kind kind,
      @Nullable String type,
      @Nullable String name,
      boolean attributed,
      @Nullable Instant start,
      boolean loading) {
    if (firstIndexes.getLong(n) < 0) {
      firstIndexes.set(n, index);
      kinds.set(n, kind.ordinal());
      namedNodes++;
    }
    if (lastMentions.getLong(n) == index) {
      return;
    }
    lastMentions.set(n, index);
    // Each record brings its own copies of these strings, and a naming row is kept per statement:
    // held as they came, they were millions of equal strings the garbage collector traced, copied
    // and promoted. A node restated as it was keeps its own; a new type takes the shared one.
    String heldType = latestTypes.get(n);
    type = type != null && type.equals(heldType) ? heldType : sharedType(type);
    name = sameAs(name, latestNames.get(n));
    named(n, type, name);
    int mention = mentionNodes.size();
    mentionNodes.add(n);
    mentionValues.add(index << 1 | (attributed ? 1 : 0));
    if (!loading) {
      mentionsAdded.add(n, mention);
    }
    if (start != null && start.toEpochMilli() < startTimes.getLong(n)) {
      startTimes.set(n, start.toEpochMilli());
    }
    if (type != null || name != null) {
      int row = addNamingRow(n, index, type, name);
      if (!loading) {
        namingsAdded.add(n, row);
      }
    }
  }

  /** {@code held} if {@code stated} is the same text, else {@code stated}. */
  private static @Nullable String sameAs(@Nullable String stated, @Nullable String held) {
    return stated != null && stated.equals(held) ? held : stated;
  }

  /** The one string kept for the type {@code stated} (filed as it is, while there is room). */
  private @Nullable String sharedType(@Nullable String stated) {
    if (stated == null) {
      return null;
    }
    String known = types.get(stated);
    if (known != null) {
      return known;
    }
    if (types.size() < MAX_SHARED_TYPES) {
      types.put(stated, stated);
    }
    return stated;
  }

  /**
   * Files an edge record {@code index} states, unless the record stated it before: an edge a record
   * states twice is one edge, with the first statement's time.
   */
  private void stateEdge(
      EdgeKeys keys,
      int s,
      Relation r,
      int o,
      long index,
      long time,
      boolean attributed,
      boolean loading) {
    if (attributed) {
      attributedSubjects.add(s); // a repeat's attributes are kept too
    }
    if (!keys.add((long) s << 34 | (long) o << 4 | r.ordinal())) {
      return;
    }
    if (loading) {
      addRow(s, r, o, index, time);
    } else {
      addEdge(s, r, o, index, time);
    }
  }

  /** Keeps the claimed time of record {@code index}. */
  private void claimed(long index, long millis) {
    int i = Math.toIntExact(index);
    while (claimedTimes.size() <= i) {
      claimedTimes.add(NO_TIME);
    }
    claimedTimes.set(i, millis);
  }

  /**
   * As {@code LogStore.nodesAsOf}: the nodes among {@code asked} first named below {@code asOf},
   * with the latest type and name stated below it; null if the index is broken.
   */
  @Nullable Map<NodeId, GraphNode> nodesAsOf(Collection<NodeId> asked, long asOf) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Map<NodeId, GraphNode> answer = new HashMap<>();
      for (NodeId id : asked) {
        GraphNode node = nodeAsOf(ids.get(id.toString()), asOf);
        if (node != null) {
          answer.put(id, node);
        }
      }
      return answer;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Node {@code n} as stated below {@code asOf}, or null; under the read lock. */
  private @Nullable GraphNode nodeAsOf(int n, long asOf) {
    long first = n < 0 ? -1 : firstIndexes.getLong(n);
    if (first < 0 || first >= asOf) {
      return null;
    }
    @Nullable String[] typeAndName = new String[2];
    // Rows are in log order (loaded ones, then added ones): the latest non-null type and name
    // below asOf are the first found walking back, so a node named by every record it is in
    // (a CI runner pool) costs a few steps, not one per record.
    for (int k = namingsAdded.last(n);
        k != Chains.END && !complete(typeAndName);
        k = namingsAdded.previous(k)) {
      named(namingsAdded.value(k), asOf, typeAndName);
    }
    if (n + 1 < namingStart.length) {
      int from = namingStart[n];
      for (int k = below(from, namingStart[n + 1], asOf) - 1;
          k >= from && !complete(typeAndName);
          k--) {
        named(namingRows[k], asOf, typeAndName);
      }
    }
    return new GraphNode(
        nodes.get(n), KINDS[kinds.getInt(n)], typeAndName[0], typeAndName[1], first);
  }

  private static final Kind[] KINDS = Kind.values();

  /**
   * As {@code LogStore.reachDownstream}, walked on the index's own numbers: no id is looked up or
   * hashed past the sources, and no edge object is made. Null if the index is broken.
   */
  @Nullable Reach reachDownstream(
      List<NodeId> sources, Set<Relation> wanted, long asOf, int maxNodes, int maxDepth) {
    int mask = mask(wanted);
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Int2LongOpenHashMap reached = new Int2LongOpenHashMap();
      reached.defaultReturnValue(Long.MIN_VALUE);
      IntArrayList order = new IntArrayList();
      // Sources the index does not know cannot reach anything; they keep their place.
      List<NodeId> unknown = new ArrayList<>();
      IntArrayList frontier = new IntArrayList();
      for (NodeId id : sources) {
        int n = ids.get(id.toString());
        if (n < 0) {
          if (!unknown.contains(id)) {
            unknown.add(id);
          }
        } else if (!reached.containsKey(n)) {
          reached.put(n, -1L);
          order.add(n);
          frontier.add(n);
        }
      }
      Int2ObjectOpenHashMap<IntArrayList> classes = new Int2ObjectOpenHashMap<>();
      boolean truncated = false;
      // Unknown sources are in the first level too: they find nothing, but count.
      for (int depth = 0; !frontier.isEmpty() || depth == 0 && !unknown.isEmpty(); depth++) {
        if (depth >= maxDepth || reached.size() + unknown.size() >= maxNodes) {
          truncated = true;
          break;
        }
        IntArrayList level = frontier;
        frontier = new IntArrayList();
        Int2LongOpenHashMap first = new Int2LongOpenHashMap();
        first.defaultReturnValue(Long.MAX_VALUE);
        IntOpenHashSet links = new IntOpenHashSet();
        for (int i = 0, size = level.size(); i < size; i++) {
          int n = level.getInt(i);
          subjectsInto(n, mask, asOf, first);
          for (int k = identityEdges.first(n); k != Chains.END; k = identityEdges.next(k)) {
            int e = identityEdges.value(k);
            if (logIndexes.getLong(e) < asOf) {
              links.add(e);
            }
          }
        }
        for (var e : first.int2LongEntrySet()) {
          if (!reached.containsKey(e.getIntKey())) {
            reached.put(e.getIntKey(), e.getLongValue());
            order.add(e.getIntKey());
            frontier.add(e.getIntKey());
          }
        }
        int[] sorted = links.toIntArray();
        IntArrays.quickSort(sorted, this::compare);
        for (int e : sorted) {
          int known =
              reached.containsKey(subjects.getInt(e)) ? subjects.getInt(e) : objects.getInt(e);
          int found = known == subjects.getInt(e) ? objects.getInt(e) : subjects.getInt(e);
          join(classes, found, known);
          if (!reached.containsKey(found)) {
            long at = reached.get(known);
            reached.put(found, at == Long.MIN_VALUE ? logIndexes.getLong(e) : at);
            order.add(found);
            frontier.add(found);
          }
        }
      }
      List<NodeId> reachedIds = new ArrayList<>(order.size() + unknown.size());
      long[] at = new long[order.size() + unknown.size()];
      List<@Nullable List<NodeId>> classOf = new ArrayList<>(at.length);
      Map<IntArrayList, List<NodeId>> named = new java.util.IdentityHashMap<>();
      int[] numbers = new int[at.length];
      int p = 0;
      for (NodeId id : sources) {
        if (unknown.contains(id) && !reachedIds.contains(id)) {
          reachedIds.add(id);
          at[p] = -1;
          numbers[p++] = -1;
          classOf.add(null);
        }
      }
      for (int i = 0; i < order.size(); i++) {
        int n = order.getInt(i);
        reachedIds.add(nodes.get(n));
        at[p] = reached.get(n);
        numbers[p++] = n;
        IntArrayList c = classes.get(n);
        classOf.add(c == null ? null : named.computeIfAbsent(c, this::idsOf));
      }
      Reach.Nodes read =
          positions -> {
            lock.readLock().lock();
            try {
              GraphNode[] out = new GraphNode[positions.length];
              for (int k = 0; k < positions.length; k++) {
                out[k] = numbers[positions[k]] < 0 ? null : nodeAsOf(numbers[positions[k]], asOf);
              }
              return out;
            } finally {
              lock.readLock().unlock();
            }
          };
      return new Reach(reachedIds, at, classOf, read, truncated);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** As the walk's alias classes: {@code found}'s class, then {@code known}'s, as one. */
  private static void join(Int2ObjectOpenHashMap<IntArrayList> classes, int found, int known) {
    IntArrayList ca = classes.get(found);
    IntArrayList cb = classes.get(known);
    if (ca != null && ca == cb
        || ca != null && ca.contains(known)
        || ca == null && found == known) {
      return;
    }
    IntArrayList merged = ca == null ? IntArrayList.of(found) : new IntArrayList(ca);
    if (cb == null) {
      merged.add(known);
    } else {
      merged.addAll(cb);
    }
    for (int i = 0, size = merged.size(); i < size; i++) {
      classes.put(merged.getInt(i), merged);
    }
  }

  private List<NodeId> idsOf(IntArrayList members) {
    List<NodeId> out = new ArrayList<>(members.size());
    for (int i = 0, size = members.size(); i < size; i++) {
      out.add(nodes.get(members.getInt(i)));
    }
    return out;
  }

  /** As the nodes table's update: a stated type or name replaces the one held. */
  private void named(int n, @Nullable String type, @Nullable String name) {
    if (type != null) {
      latestTypes.set(n, type);
    }
    if (name != null) {
      latestNames.set(n, name);
    }
  }

  /**
   * As {@code LogStore.nodes}: the stored nodes among {@code asked}, with their type and name as
   * the nodes table holds them; null if the index is broken.
   */
  @Nullable Map<NodeId, GraphNode> nodes(Collection<NodeId> asked) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Map<NodeId, GraphNode> answer = new HashMap<>();
      for (NodeId id : asked) {
        int n = ids.get(id.toString());
        long first = n < 0 ? -1 : firstIndexes.getLong(n);
        if (first >= 0) {
          answer.put(
              id,
              new GraphNode(
                  id, KINDS[kinds.getInt(n)], latestTypes.get(n), latestNames.get(n), first));
        }
      }
      return answer;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The records that name {@code id}, in log order, each as its log index shifted left by one, plus
   * one if the record stated attributes of it; empty for a node no record named; null if the index
   * is broken.
   */
  long @Nullable [] mentions(NodeId id) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      int n = ids.get(id.toString());
      if (n < 0) {
        return new long[0];
      }
      LongArrayList out = new LongArrayList();
      forEachRow(
          n, mentionStart, mentionRows, mentionsAdded, row -> out.add(mentionValues.getLong(row)));
      return out.toLongArray();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** As {@code LogStore.namings}: every type and name stated of {@code id}; null if broken. */
  @Nullable List<NodeNaming> namings(NodeId id) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      int n = ids.get(id.toString());
      List<NodeNaming> out = new ArrayList<>();
      if (n < 0) {
        return out;
      }
      forEachRow(n, namingStart, namingRows, namingsAdded, row -> out.add(naming(row)));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private NodeNaming naming(int row) {
    return new NodeNaming(namingTypes.get(row), namingNames.get(row), namingIndexes.getLong(row));
  }

  /**
   * The claimed times of the records among {@code indexes} that state provenance; null if the index
   * is broken.
   */
  @Nullable Map<Long, Instant> claimedTimes(Collection<Long> indexes) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Map<Long, Instant> out = new HashMap<>();
      for (Long index : indexes) {
        long at = claimedAt(index);
        if (at != NO_TIME) {
          out.put(index, Instant.ofEpochMilli(at));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private long claimedAt(long index) {
    return index >= 0 && index < claimedTimes.size() ? claimedTimes.getLong((int) index) : NO_TIME;
  }

  /**
   * As {@code LogStore.claimedSpan}: the earliest and latest claimed time of the records that name
   * {@code id}, as two epoch ms, or an empty array if none does; null if the index is broken.
   */
  long @Nullable [] claimedSpan(NodeId id) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      int n = ids.get(id.toString());
      long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
      if (n >= 0) {
        forEachRow(
            n,
            mentionStart,
            mentionRows,
            mentionsAdded,
            row -> {
              long at = claimedAt(mentionValues.getLong(row) >>> 1);
              if (at != NO_TIME) {
                span[0] = Math.min(span[0], at);
                span[1] = Math.max(span[1], at);
              }
            });
      }
      return span[0] == Long.MAX_VALUE ? new long[0] : span;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * As {@code LogStore.originTimes} (see {@link OriginTimes}): an entity's earliest generation,
   * stated of it or of an image named by repository and its digest; an activity's earliest stated
   * start. Null if the index is broken.
   */
  @Nullable Map<NodeId, Instant> originTimes(
      Collection<NodeId> entities, Collection<NodeId> activities) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Map<NodeId, Instant> out = new HashMap<>();
      for (NodeId entity : entities) {
        int n = ids.get(entity.toString());
        if (n < 0) {
          continue;
        }
        long earliest = earliestGeneration(n);
        for (int k = identityEdges.first(n); k != Chains.END; k = identityEdges.next(k)) {
          int e = identityEdges.value(k);
          int image = subjects.getInt(e);
          if (objects.getInt(e) == n
              && image != n
              && relations.getInt(e) == Relation.ALTERNATE_OF.ordinal()
              && OriginTimes.key(nodes.get(image)).equals(entity)) {
            earliest = Math.min(earliest, earliestGeneration(image));
          }
        }
        if (earliest != Long.MAX_VALUE) {
          out.put(entity, Instant.ofEpochMilli(earliest));
        }
      }
      for (NodeId activity : activities) {
        int n = ids.get(activity.toString());
        if (n >= 0 && startTimes.getLong(n) != NO_START) {
          out.merge(activity, Instant.ofEpochMilli(startTimes.getLong(n)), OriginTimes::earlier);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The earliest time of a {@code wasGeneratedBy} from {@code n}: the edge's, else its record's.
   */
  private long earliestGeneration(int n) {
    return generationTimes.getLong(n);
  }

  /** How many nodes records named and how many edges they stated; null if the index is broken. */
  @Nullable GraphSize size() {
    lock.readLock().lock();
    try {
      return broken ? null : new GraphSize(namedNodes, logIndexes.size());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Refuses {@code graph} if a record states another kind for a node than the index holds or than
   * an earlier record of {@code graph} stated: one lookup per node, under one read lock. Returns
   * the number of each record's nodes (-1: not in the index yet), for {@link #add(List, int[][])}
   * so the writer, which adds what it checked, looks each id up once.
   *
   * @throws KindConflictException naming the node
   * @throws IllegalStateException if the index is broken
   */
  int[][] checkKinds(List<GraphRecord> graph) {
    lock.readLock().lock();
    try {
      if (broken) {
        throw new IllegalStateException("the graph index is broken");
      }
      int[][] numbers = new int[graph.size()][];
      // The kinds of the batch's nodes the index does not hold yet, about one a record: sized for
      // that, so that a batch of thousands does not grow the map eight times.
      Map<NodeId, Kind> named = HashMap.newHashMap(graph.size());
      for (int r = 0; r < graph.size(); r++) {
        List<Node> nodes = graph.get(r).nodes();
        int[] found = numbers[r] = new int[nodes.size()];
        for (int k = 0; k < found.length; k++) {
          Node node = nodes.get(k);
          int n = found[k] = ids.get(node.id().toString());
          Kind known =
              n >= 0 && firstIndexes.getLong(n) >= 0
                  ? KINDS[kinds.getInt(n)]
                  : named.putIfAbsent(node.id(), node.kind());
          if (known != null && known != node.kind()) {
            throw new KindConflictException(
                "node " + node.id() + " is stored with another kind than " + node.kind().label());
          }
        }
      }
      return numbers;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** As {@code LogStore.kinds}; null if the index is broken. */
  @Nullable Map<NodeId, Kind> kinds(Collection<NodeId> asked) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      Map<NodeId, Kind> answer = new HashMap<>();
      for (NodeId id : asked) {
        int n = ids.get(id.toString());
        if (n >= 0 && firstIndexes.getLong(n) >= 0) {
          answer.put(id, KINDS[kinds.getInt(n)]);
        }
      }
      return answer;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static boolean complete(@Nullable String[] typeAndName) {
    return typeAndName[0] != null && typeAndName[1] != null;
  }

  /** The end of the loaded naming rows {@code [from, to)} stated below {@code asOf}. */
  private int below(int from, int to, long asOf) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (namingIndexes.getLong(namingRows[mid]) < asOf) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Walking back: a row below {@code asOf} supplies the type and name not found yet. */
  private void named(int row, long asOf, @Nullable String[] typeAndName) {
    if (namingIndexes.getLong(row) >= asOf) {
      return;
    }
    if (typeAndName[0] == null) {
      typeAndName[0] = namingTypes.get(row);
    }
    if (typeAndName[1] == null) {
      typeAndName[1] = namingNames.get(row);
    }
  }

  private int addNamingRow(int n, long logIndex, @Nullable String type, @Nullable String name) {
    int row = namingIndexes.size();
    namingNodes.add(n);
    namingIndexes.add(logIndex);
    namingTypes.add(type);
    namingNames.add(name);
    return row;
  }

  /**
   * Those of {@code edges} that may have attributes (their subject is the subject of some edge
   * stated with attributes); null if the index is broken.
   */
  @Nullable List<GraphEdge> mayHaveAttributes(Collection<GraphEdge> edges) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      List<GraphEdge> out = new ArrayList<>();
      for (GraphEdge e : edges) {
        if (attributedSubjects.contains(ids.get(e.subject().toString()))) {
          out.add(e);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether an update failed, so that answers may miss rows. */
  boolean broken() {
    lock.readLock().lock();
    try {
      return broken;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * As {@code LogStore.edgesFrom} ({@code fromSubjects}) or {@code edgesTo}; null if the index is
   * broken.
   */
  @Nullable List<GraphEdge> edges(
      Collection<NodeId> ends, boolean fromSubjects, Set<Relation> wanted, long asOf) {
    int mask = mask(wanted);
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      int[] start = fromSubjects ? outStart : inStart;
      int[] loaded = fromSubjects ? outEdges : inEdges;
      Chains added = fromSubjects ? outAdded : inAdded;
      IntOpenHashSet asked = new IntOpenHashSet(ends.size());
      IntArrayList hits = new IntArrayList();
      for (NodeId id : ends) {
        int n = ids.get(id.toString());
        if (n < 0 || !asked.add(n)) {
          continue;
        }
        if (n + 1 < start.length) {
          for (int k = start[n]; k < start[n + 1]; k++) {
            collect(loaded[k], mask, asOf, hits);
          }
        }
        for (int k = added.first(n); k != Chains.END; k = added.next(k)) {
          collect(added.value(k), mask, asOf, hits);
        }
      }
      return answer(hits.toIntArray());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The edges {@code rows}, in SQL's order. */
  private List<GraphEdge> answer(int[] rows) {
    IntArrays.quickSort(rows, this::compare);
    List<GraphEdge> answer = new ArrayList<>(rows.length);
    for (int e : rows) {
      long t = times.getLong(e);
      answer.add(
          new GraphEdge(
              nodes.get(subjects.getInt(e)),
              RELATIONS[relations.getInt(e)],
              nodes.get(objects.getInt(e)),
              logIndexes.getLong(e),
              t == NO_TIME ? null : Instant.ofEpochMilli(t)));
    }
    return answer;
  }

  private void collect(int e, int mask, long asOf, IntArrayList hits) {
    if (logIndexes.getLong(e) < asOf && (mask & (1 << relations.getInt(e))) != 0) {
      hits.add(e);
    }
  }

  /** SQL's {@code ORDER BY log_index, subject, relation, object}. */
  private int compare(int a, int b) {
    int c = Long.compare(logIndexes.getLong(a), logIndexes.getLong(b));
    if (c != 0) {
      return c;
    }
    c = compareText(subjects.getInt(a), subjects.getInt(b));
    if (c != 0) {
      return c;
    }
    c = Integer.compare(LABEL_RANK[relations.getInt(a)], LABEL_RANK[relations.getInt(b)]);
    return c != 0 ? c : compareText(objects.getInt(a), objects.getInt(b));
  }

  private int compareText(int a, int b) {
    if (a == b) {
      return 0;
    }
    String x = nodes.get(a).toString();
    String y = nodes.get(b).toString();
    // Without surrogates, UTF-16 order is code point order, and String's own compare is much
    // faster (vectorized); ids with characters beyond the BMP are rare.
    return supplementary.get(a) || supplementary.get(b)
        ? codePointOrder(x, y)
        : Integer.signum(x.compareTo(y));
  }

  /** SQLite's BINARY collation: UTF-8 bytes, which order as code points (not as UTF-16 units). */
  static int codePointOrder(String a, String b) {
    return GraphEdge.codePointOrder(a, b);
  }

  /**
   * Files an identity edge under both ends, unless the same link was filed before: rows arrive in
   * log order for each link (at load, by the table's key; later, by append), so the one kept is the
   * first record's.
   */
  private void addIdentityLink(int s, Relation r, int o, int e) {
    for (int k = identityEdges.first(s); k != Chains.END; k = identityEdges.next(k)) {
      int f = identityEdges.value(k);
      if (subjects.getInt(f) == s && objects.getInt(f) == o && relations.getInt(f) == r.ordinal()) {
        return;
      }
    }
    identityEdges.add(s, e);
    if (o != s) {
      identityEdges.add(o, e);
    }
  }

  /** As {@code LogStore.subjectsOf}; null if the index is broken. */
  @Nullable Map<NodeId, Long> subjectsOf(
      Collection<NodeId> objects, Set<Relation> wanted, long asOf) {
    int mask = mask(wanted);
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      IntOpenHashSet asked = new IntOpenHashSet(objects.size());
      Int2LongOpenHashMap first = new Int2LongOpenHashMap();
      first.defaultReturnValue(Long.MAX_VALUE);
      for (NodeId id : objects) {
        int n = ids.get(id.toString());
        if (n >= 0 && asked.add(n)) {
          subjectsInto(n, mask, asOf, first);
        }
      }
      Map<NodeId, Long> out = new HashMap<>(first.size() * 2);
      for (var e : first.int2LongEntrySet()) {
        out.put(nodes.get(e.getIntKey()), e.getLongValue());
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Files every subject of an edge (in {@code mask}, below {@code asOf}) into node {@code n} in
   * {@code first}, with the smallest log index of such an edge.
   */
  private void subjectsInto(int n, int mask, long asOf, Int2LongOpenHashMap first) {
    if (n + 1 < inStart.length) {
      for (int k = inStart[n]; k < inStart[n + 1]; k++) {
        reachedBy(inEdges[k], mask, asOf, first);
      }
    }
    for (int k = inAdded.first(n); k != Chains.END; k = inAdded.next(k)) {
      reachedBy(inAdded.value(k), mask, asOf, first);
    }
  }

  private void reachedBy(int e, int mask, long asOf, Int2LongOpenHashMap first) {
    long at = logIndexes.getLong(e);
    if (at < asOf && (mask & (1 << relations.getInt(e))) != 0) {
      int s = subjects.getInt(e);
      if (at < first.get(s)) {
        first.put(s, at);
      }
    }
  }

  /** As {@code LogStore.identityLinks}; null if the index is broken. */
  @Nullable List<GraphEdge> identityLinks(Collection<NodeId> ends, long asOf) {
    lock.readLock().lock();
    try {
      if (broken) {
        return null;
      }
      IntOpenHashSet found = new IntOpenHashSet();
      for (NodeId id : ends) {
        int n = ids.get(id.toString());
        for (int k = n < 0 ? Chains.END : identityEdges.first(n);
            k != Chains.END;
            k = identityEdges.next(k)) {
          int e = identityEdges.value(k);
          if (logIndexes.getLong(e) < asOf) {
            found.add(e);
          }
        }
      }
      return answer(found.toIntArray());
    } finally {
      lock.readLock().unlock();
    }
  }

  private static int mask(Set<Relation> wanted) {
    if (wanted.isEmpty()) {
      return -1;
    }
    int m = 0;
    for (Relation r : wanted) {
      m |= 1 << r.ordinal();
    }
    return m;
  }

  private static int[] labelRanks() {
    Relation[] byLabel = RELATIONS.clone();
    java.util.Arrays.sort(byLabel, (x, y) -> codePointOrder(x.label(), y.label()));
    int[] rank = new int[RELATIONS.length];
    for (int i = 0; i < byLabel.length; i++) {
      rank[byLabel[i].ordinal()] = i;
    }
    return rank;
  }

  private int intern(String stored, String field) {
    int n = ids.get(stored);
    if (n >= 0) {
      return n;
    }
    // Keyed by the parsed id's own string (the same text: stored ids are in normal form), so
    // each node keeps one string, not two.
    NodeId id = NodeId.parse(stored, field);
    return newNode(id.toString(), id);
  }

  /** {@link #intern(NodeId)}, looked up first among a record's {@code named} nodes. */
  private int intern(NodeId id, NodeId[] named, int[] numbers) {
    int hash = id.hashCode();
    for (int i = 0; i < named.length; i++) {
      if (named[i] == id || named[i].hashCode() == hash && named[i].equals(id)) {
        return numbers[i];
      }
    }
    return intern(id);
  }

  private int intern(NodeId id) {
    String text = id.toString();
    int n = ids.get(text);
    return n >= 0 ? n : newNode(text, id);
  }

  private int newNode(String text, NodeId id) {
    int n = nodes.size();
    if (n >= 1 << 30) {
      // stateEdge packs two node numbers and a relation into one long
      throw new IllegalStateException("the graph index holds at most 2^30 nodes");
    }
    nodes.add(id);
    ids.put(text, n);
    outAdded.addNode();
    inAdded.addNode();
    identityEdges.addNode();
    firstIndexes.add(-1);
    kinds.add(-1);
    namingsAdded.addNode();
    mentionsAdded.addNode();
    lastMentions.add(-1);
    startTimes.add(NO_START);
    generationTimes.add(NO_START);
    latestTypes.add(null);
    latestNames.add(null);
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        supplementary.set(n);
        break;
      }
    }
    return n;
  }

  /** Adds an edge to the edge lists only; {@link #compress} then files it by node. */
  private int addRow(int s, Relation r, int o, long logIndex, long time) {
    int e = logIndexes.size();
    subjects.add(s);
    objects.add(o);
    relations.add(r.ordinal());
    logIndexes.add(logIndex);
    times.add(time);
    if (r.isIdentity()) {
      addIdentityLink(s, r, o, e);
    }
    return e;
  }

  private void addEdge(int s, Relation r, int o, long logIndex, long time) {
    int e = addRow(s, r, o, logIndex, time);
    outAdded.add(s, e);
    inAdded.add(o, e);
    generated(e); // its record's claimed time is filed before its edges
  }

  /** Files edge {@code e} in its subject's earliest generation, if it is a generation. */
  private void generated(int e) {
    if (relations.getInt(e) != Relation.WAS_GENERATED_BY.ordinal()) {
      return;
    }
    long at = times.getLong(e) != NO_TIME ? times.getLong(e) : claimedAt(logIndexes.getLong(e));
    int s = subjects.getInt(e);
    if (at != NO_TIME && at < generationTimes.getLong(s)) {
      generationTimes.set(s, at);
    }
  }

  /** Files every loaded edge under its subject and its object (a counting sort). */
  private void compress() {
    nodes.trim();
    outStart = starts(subjects);
    outEdges = byNode(subjects, outStart);
    inStart = starts(objects);
    inEdges = byNode(objects, inStart);
    namingStart = starts(namingNodes);
    namingRows = byNode(namingNodes, namingStart);
    mentionStart = starts(mentionNodes);
    mentionRows = byNode(mentionNodes, mentionStart);
  }

  private int[] starts(IntArrayList ends) {
    int[] start = new int[nodes.size() + 1];
    for (int e = 0, size = ends.size(); e < size; e++) {
      start[ends.getInt(e) + 1]++;
    }
    for (int n = 0; n < nodes.size(); n++) {
      start[n + 1] += start[n];
    }
    return start;
  }

  private static int[] byNode(IntArrayList ends, int[] start) {
    int[] next = java.util.Arrays.copyOf(start, start.length - 1);
    int[] edges = new int[ends.size()];
    for (int e = 0, size = ends.size(); e < size; e++) {
      edges[next[ends.getInt(e)]++] = e;
    }
    return edges;
  }

  // ---- Whole-graph reads (IndexChecks, IndexSearch): primitives used under {@link #read}. ----

  /** {@code read} applied under the read lock; null if the index is broken. */
  <T> @Nullable T read(java.util.function.Function<GraphIndex, T> read) {
    lock.readLock().lock();
    try {
      return broken ? null : read.apply(this);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many ids are interned: nodes are numbered {@code [0, nodeCount())}. */
  int nodeCount() {
    return nodes.size();
  }

  NodeId id(int n) {
    return nodes.get(n);
  }

  /** The first record that named node {@code n}, or -1 if only edges name it (no node row). */
  long firstIndex(int n) {
    return firstIndexes.getLong(n);
  }

  /** The kind of node {@code n}; only for a node some record named ({@link #firstIndex} >= 0). */
  Kind kind(int n) {
    return KINDS[kinds.getInt(n)];
  }

  /** The type as the nodes table holds it (the latest non-null stated). */
  @Nullable String latestType(int n) {
    return latestTypes.get(n);
  }

  /** The name as the nodes table holds it (the latest non-null stated). */
  @Nullable String latestName(int n) {
    return latestNames.get(n);
  }

  /** As {@link #nodeAsOf}'s type: the latest non-null type stated below {@code asOf}. */
  @Nullable String typeAsOf(int n, long asOf) {
    for (int k = namingsAdded.last(n); k != Chains.END; k = namingsAdded.previous(k)) {
      int row = namingsAdded.value(k);
      String type = namingTypes.get(row);
      if (type != null && namingIndexes.getLong(row) < asOf) {
        return type;
      }
    }
    if (n + 1 < namingStart.length) {
      int from = namingStart[n];
      for (int k = below(from, namingStart[n + 1], asOf) - 1; k >= from; k--) {
        String type = namingTypes.get(namingRows[k]);
        if (type != null) {
          return type;
        }
      }
    }
    return null;
  }

  /**
   * Calls {@code each} with every edge of node {@code n}: those it is the subject of, or object.
   */
  void forEachEdge(int n, boolean asSubject, java.util.function.IntConsumer each) {
    if (asSubject) {
      forEachRow(n, outStart, outEdges, outAdded, each);
    } else {
      forEachRow(n, inStart, inEdges, inAdded, each);
    }
  }

  /**
   * Calls {@code each} with every row filed under node {@code n}: those loaded at open (compressed:
   * {@code rows[start[n] .. start[n + 1])}), then those added since, in the order they came.
   */
  private static void forEachRow(
      int n, int[] start, int[] rows, Chains added, java.util.function.IntConsumer each) {
    if (n + 1 < start.length) {
      for (int k = start[n]; k < start[n + 1]; k++) {
        each.accept(rows[k]);
      }
    }
    for (int k = added.first(n); k != Chains.END; k = added.next(k)) {
      each.accept(added.value(k));
    }
  }

  /** The identity edges at either end of node {@code n} (the first of each link). */
  int[] identityEdgesOf(int n) {
    int count = 0;
    for (int k = identityEdges.first(n); k != Chains.END; k = identityEdges.next(k)) {
      count++;
    }
    if (count == 0) {
      return NO_EDGES;
    }
    int[] links = new int[count];
    int at = 0;
    for (int k = identityEdges.first(n); k != Chains.END; k = identityEdges.next(k)) {
      links[at++] = identityEdges.value(k);
    }
    return links;
  }

  private static final int[] NO_EDGES = {};

  int subject(int e) {
    return subjects.getInt(e);
  }

  int object(int e) {
    return objects.getInt(e);
  }

  Relation relation(int e) {
    return RELATIONS[relations.getInt(e)];
  }

  long logIndex(int e) {
    return logIndexes.getLong(e);
  }

  /** SQLite's order of the ids of nodes {@code a} and {@code b} (code points). */
  int compareIds(int a, int b) {
    return compareText(a, b);
  }

  // The first idOrder.length interned nodes, by id in SQLite's order; extended on demand.
  private final Object idOrderLock = new Object();
  private int[] idOrder = {};

  /**
   * Every node number by id in SQLite's order. Sorted at the first call, then extended by the nodes
   * interned since (each put in place by a binary search): under the read lock, so that no node is
   * interned meanwhile; the array returned is not changed later.
   */
  int[] idOrder() {
    synchronized (idOrderLock) {
      int covered = idOrder.length;
      int count = nodes.size();
      if (covered == count) {
        return idOrder;
      }
      int[] fresh = new int[count - covered];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = covered + i;
      }
      IntArrays.quickSort(fresh, this::compareText);
      int[] merged = new int[count];
      int from = 0;
      int to = 0;
      for (int f : fresh) {
        int at = after(idOrder, from, f);
        System.arraycopy(idOrder, from, merged, to, at - from);
        to += at - from;
        from = at;
        merged[to++] = f;
      }
      System.arraycopy(idOrder, from, merged, to, covered - from);
      idOrder = merged;
      return merged;
    }
  }

  /** The first position at or after {@code from} in {@code sorted} whose id sorts above n's. */
  private int after(int[] sorted, int from, int n) {
    int lo = from;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareText(sorted[mid], n) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
