package dev.custody.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custody.error.CustodyException;
import dev.custody.error.InternalException;
import dev.custody.log.Tile;
import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.RecordId;
import dev.custody.model.Relation;
import dev.custody.store.ClaimedSpan;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import dev.custody.store.GraphSize;
import dev.custody.store.LinkCheck;
import dev.custody.store.LinkCheckResult;
import dev.custody.store.LogStore;
import dev.custody.store.Mention;
import dev.custody.store.NodeAttribute;
import dev.custody.store.NodeNaming;
import dev.custody.store.Reach;
import dev.custody.store.RecordClocks;
import dev.custody.store.SourceReach;
import dev.custody.store.Sources;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredPayload;
import dev.custody.store.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@link LogStore} on an embedded SQLite database in WAL mode with {@code synchronous=FULL}: a
 * commit has reached the disk when {@link #append} returns. One connection writes; a small pool
 * reads, and WAL lets readers run beside the writer on a consistent snapshot.
 */
public final class SqliteLogStore implements LogStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SqliteLogStore.class);
  private static final int LOOKUP_CHUNK = 500;
  private static final int REBUILD_CHUNK = 1_000;

  private final @Nullable Connection writer;
  private final HikariDataSource readers;
  private volatile long size;
  private volatile @Nullable IdIndex idIndex;
  // The graph in memory (GraphIndex), loaded at open and kept by append and rebuildGraph; every
  // graph read answers from it. Null in a read-only store (another process may be appending).
  private volatile @Nullable GraphIndex graphIndex;

  private SqliteLogStore(@Nullable Connection writer, HikariDataSource readers, long size) {
    this.writer = writer;
    this.readers = readers;
    this.size = size;
  }

  /** Opens (creating and migrating if needed) the database file {@code db}. */
  public static SqliteLogStore open(Path db) {
    try {
      Path parent = db.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String url = "jdbc:sqlite:" + db.toAbsolutePath();
      SQLiteDataSource writeSource = new SQLiteDataSource(config(false));
      writeSource.setUrl(url);
      migrate(writeSource);
      Connection writer = writeSource.getConnection();
      tuneWriter(writer);
      writer.setAutoCommit(false);
      HikariDataSource readers = readerPool(url);
      long size;
      try (PreparedStatement ps =
              writer.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM records");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        size = rs.getLong(1);
      }
      writer.commit();
      SqliteLogStore store = new SqliteLogStore(writer, readers, size);
      store.graphIndex = store.loadGraphIndex();
      return store;
    } catch (Exception e) {
      throw new InternalException("cannot open SQLite store at " + db + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing database for reading only (no migration, no writer), for example to verify a
   * log while its server runs.
   */
  public static SqliteLogStore openReadOnly(Path db) {
    if (!Files.isRegularFile(db)) {
      throw new InternalException("no Custody database at " + db);
    }
    try {
      HikariDataSource readers = readerPool("jdbc:sqlite:" + db.toAbsolutePath());
      long size;
      try (Connection c = readers.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM records");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        size = rs.getLong(1);
      }
      return new SqliteLogStore(null, readers, size);
    } catch (SQLException | RuntimeException e) {
      throw new InternalException("cannot open SQLite store at " + db + ": " + e.getMessage(), e);
    }
  }

  private Connection writer() {
    if (writer == null) {
      throw new IllegalStateException("this store was opened read-only");
    }
    return writer;
  }

  private static SQLiteConfig config(boolean readOnly) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(10_000);
    c.setReadOnly(readOnly);
    return c;
  }

  /**
   * A page cache of 64 MiB keeps the pages the writer touches at every commit (the right edges of
   * the tables' B-trees and the tiles) from being read back from the file, and checkpointing every
   * 16,384 WAL pages (64 MiB) instead of every 1,000 lets a page dirtied by several commits be
   * copied back once. Durability is unchanged: every commit still fsyncs the WAL
   * (synchronous=FULL).
   */
  private static void tuneWriter(Connection writer) throws SQLException {
    try (var s = writer.createStatement()) {
      s.execute("PRAGMA cache_size = -65536");
      s.execute("PRAGMA wal_autocheckpoint = 16384");
    }
  }

  private static void migrate(SQLiteDataSource source) {
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/sqlite")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static HikariDataSource readerPool(String url) {
    SQLiteDataSource readSource = new SQLiteDataSource(config(true));
    readSource.setUrl(url);
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(readSource);
    hc.setPoolName("custody-sqlite-readers");
    hc.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
    hc.setMinimumIdle(1);
    hc.setReadOnly(true);
    hc.setAutoCommit(true);
    return new HikariDataSource(hc);
  }

  @Override
  public long size() {
    if (writer != null) {
      return size;
    }
    // Read-only: another process may be appending, so the count is read now, never cached. A
    // verifier that reads the checkpoints first then sees a count at least as new as they are.
    try (Connection c = readers.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM records");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new InternalException("record count failed", e);
    }
  }

  @Override
  public Map<RecordId, Long> findIndexes(Collection<RecordId> ids) {
    IdIndex index = index();
    Map<RecordId, Long> found = new HashMap<>();
    Map<Long, List<RecordId>> toConfirm = new HashMap<>();
    for (RecordId id : ids) {
      long exact = index.exact(id);
      if (exact != IdIndex.NONE) {
        found.put(id, exact);
        continue;
      }
      long candidate = index.candidate(id);
      if (candidate != IdIndex.NONE) {
        toConfirm.computeIfAbsent(candidate, k -> new ArrayList<>()).add(id);
      }
    }
    if (!toConfirm.isEmpty()) {
      Map<Long, RecordId> stored = storedIds(toConfirm.keySet());
      toConfirm.forEach((idx, candidates) -> {
        for (RecordId id : candidates) {
          if (id.equals(stored.get(idx))) {
            found.put(id, idx);
          }
        }
      });
    }
    return found;
  }

  /** The stored ids at the given indexes (an 8-byte key hit is confirmed against these). */
  private Map<Long, RecordId> storedIds(Collection<Long> indexes) {
    Map<Long, RecordId> out = new HashMap<>();
    List<Long> all = new ArrayList<>(indexes);
    try (Connection c = readers.getConnection()) {
      for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
        List<Long> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
        String sql =
            "SELECT idx, id FROM records WHERE idx IN (" + "?,".repeat(chunk.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setLong(i + 1, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getLong(1), RecordId.ofDigest(rs.getBytes(2)));
            }
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new InternalException("record id read failed", e);
    }
  }

  /** The in-memory id index, built from the records table on first use. */
  private IdIndex index() {
    IdIndex i = idIndex;
    if (i != null) {
      return i;
    }
    synchronized (this) {
      if (idIndex == null) {
        idIndex = buildIndex();
      }
      return idIndex;
    }
  }

  private IdIndex buildIndex() {
    IdIndex i = new IdIndex();
    try (Connection c = readers.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT idx, id FROM records ORDER BY idx")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          i.add(RecordId.ofDigest(rs.getBytes(2)), rs.getLong(1));
        }
      }
      return i;
    } catch (SQLException e) {
      throw new InternalException("building the record id index failed", e);
    }
  }

  /** Encodes the graph's rows ({@link GraphCodec}) here, off the writer's transaction. */
  @Override
  public Batch prepare(
      List<StoredRecord> records,
      List<Tile> tiles,
      List<GraphRecord> graph,
      List<StoredPayload> payloads) {
    GraphCodec codec = new GraphCodec();
    List<byte[]> projections = new ArrayList<>(graph.size());
    for (GraphRecord g : graph) {
      projections.add(codec.encode(g));
    }
    return new Batch(records, tiles, graph, payloads, projections);
  }

  @Override
  public synchronized void append(Batch batch) {
    List<StoredRecord> records = batch.records();
    List<Tile> tiles = batch.tiles();
    List<GraphRecord> graph = batch.graph();
    List<StoredPayload> payloads = batch.payloads();
    refuseStoredIds(records);
    Connection writer = writer();
    if (!records.isEmpty() && records.get(0).index() != size) {
      throw new IllegalArgumentException(
          "append must continue the log at " + size + ", not " + records.get(0).index());
    }
    AppendStatements statements = null;
    try {
      statements = appendStatements(writer);
      PreparedStatement ins = statements.records;
      PreparedStatement tile = statements.tiles;
      long expected = size;
      for (StoredRecord r : records) {
        if (r.index() != expected++) {
          throw new IllegalArgumentException("record indexes must be contiguous");
        }
        ins.setLong(1, r.index());
        ins.setBytes(2, r.id().digest());
        ins.setBytes(3, r.canonical());
        ins.setLong(4, r.receivedAtMillis());
        ins.addBatch();
      }
      ins.executeBatch();
      for (Tile t : tiles) {
        tile.setInt(1, t.level());
        tile.setLong(2, t.index());
        tile.setBytes(3, t.hashes());
        tile.addBatch();
      }
      tile.executeBatch();
      writePayloads(writer, payloads);
      GraphIndex graphs = graph();
      int[][] numbers = checkKinds(graphs, graph);
      GraphWriter.write(statements.projections, statements.meta, graph, batch.projections());
      writer.commit();
      // Before the size moves, and so before the caller can publish a checkpoint covering these
      // records: a read at any published size finds their nodes and edges. Never throws.
      graphs.add(graph, numbers);
      size += records.size();
      IdIndex index = index();
      for (StoredRecord r : records) {
        index.add(r.id(), r.index());
      }
    } catch (SQLException | RuntimeException e) {
      if (statements != null) {
        statements.clearBatches();
      }
      rollback();
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new InternalException("append of " + records.size() + " records failed", e);
    }
  }

  // The append's statements, prepared on the writer once: SQLite compiles a statement at every
  // prepare, and a group commit of a few records prepared and finalized four of them.
  private @Nullable AppendStatements appendStatements;

  private AppendStatements appendStatements(Connection writer) throws SQLException {
    AppendStatements a = appendStatements;
    if (a == null) {
      a = new AppendStatements(writer);
      appendStatements = a;
    }
    return a;
  }

  /** The statements of {@link #append}; closed with the writer connection. */
  private static final class AppendStatements {
    final PreparedStatement records;
    final PreparedStatement tiles;
    final PreparedStatement projections;
    final PreparedStatement meta;

    AppendStatements(Connection writer) throws SQLException {
      records =
          writer.prepareStatement(
              "INSERT INTO records(idx, id, body, received_at) VALUES (?, ?, ?, ?)");
      tiles =
          writer.prepareStatement(
              "INSERT INTO tiles(level, idx, hashes) VALUES (?, ?, ?)"
                  + " ON CONFLICT(level, idx) DO UPDATE SET hashes = excluded.hashes");
      projections = writer.prepareStatement(GraphWriter.INSERT_PROJECTION);
      meta = writer.prepareStatement(GraphWriter.INSERT_META);
    }

    /** After a failed append: nothing of it stays queued in a statement. */
    void clearBatches() {
      for (PreparedStatement ps : new PreparedStatement[] {records, tiles, projections, meta}) {
        try {
          ps.clearBatch();
        } catch (SQLException ignored) {
          // the statement is unusable; the rollback that follows reports the failure
        }
      }
    }
  }

  /** A node keeps its kind: refuses {@code graph} if a record states another (before writing). */
  private static int[][] checkKinds(GraphIndex index, List<GraphRecord> graph) {
    try {
      return index.checkKinds(graph);
    } catch (IllegalStateException e) {
      throw brokenIndex();
    }
  }

  private static void writePayloads(Connection writer, List<StoredPayload> payloads)
      throws SQLException {
    if (payloads.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        writer.prepareStatement(
            "INSERT OR IGNORE INTO payloads(digest, media_type, body, log_index)"
                + " VALUES (?, ?, ?, ?)")) {
      for (StoredPayload p : payloads) {
        ps.setString(1, p.payload().digest());
        ps.setString(2, p.payload().mediaType());
        ps.setBytes(3, p.payload().body());
        ps.setLong(4, p.index());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Optional<Payload> payload(String digest) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT media_type, body FROM payloads WHERE digest = ?")) {
      ps.setString(1, digest);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Payload(digest, rs.getString(1), rs.getBytes(2)));
      }
    } catch (SQLException e) {
      throw new InternalException("payload read failed", e);
    }
  }

  /** Ids are unique in the log: the store refuses one that is stored or repeated in the batch. */
  private void refuseStoredIds(List<StoredRecord> records) {
    java.util.Set<RecordId> batch = new java.util.HashSet<>();
    for (StoredRecord r : records) {
      if (!batch.add(r.id())) {
        throw new IllegalArgumentException("record " + r.id() + " appears twice in one append");
      }
    }
    Map<RecordId, Long> stored = findIndexes(batch);
    if (!stored.isEmpty()) {
      Map.Entry<RecordId, Long> e = stored.entrySet().iterator().next();
      throw new IllegalArgumentException(
          "record " + e.getKey() + " is already stored at index " + e.getValue());
    }
  }

  @Override
  public synchronized void addCheckpoint(StoredCheckpoint cp) {
    Connection writer = writer();
    try (PreparedStatement max = writer.prepareStatement("SELECT MAX(size) FROM checkpoints");
        PreparedStatement ps =
            writer.prepareStatement(
                "INSERT INTO checkpoints(size, root, note, created_at) VALUES (?, ?, ?, ?)")) {
      try (ResultSet rs = max.executeQuery()) {
        if (rs.next() && rs.getObject(1) != null && rs.getLong(1) >= cp.size()) {
          throw new IllegalArgumentException(
              "checkpoint size " + cp.size() + " does not exceed the stored " + rs.getLong(1));
        }
      }
      ps.setLong(1, cp.size());
      ps.setBytes(2, cp.rootHash());
      ps.setString(3, cp.note());
      ps.setLong(4, cp.createdAtMillis());
      ps.executeUpdate();
      writer.commit();
    } catch (IllegalArgumentException e) {
      rollback();
      throw e;
    } catch (SQLException e) {
      rollback();
      throw new InternalException("storing checkpoint at size " + cp.size() + " failed", e);
    }
  }

  @Override
  public synchronized long rebuildGraph(
      Function<StoredRecord, Optional<GraphRecord>> projection, LongConsumer progress) {
    Connection writer = writer();
    long stating = 0;
    try {
      try (Statement st = writer.createStatement()) {
        for (String table : GraphWriter.TABLES) {
          st.executeUpdate("DELETE FROM " + table);
        }
        st.executeUpdate("DELETE FROM graph_rebuild");
      }
      // The new graph's index is built as its rows are written: the write path's kind check
      // reads it, and it replaces the old one when the transaction commits.
      GraphIndex rebuilt = GraphIndex.empty();
      long done = 0;
      List<StoredRecord> chunk;
      // Chunks are read through the writer so that they see exactly what this transaction does.
      while (!(chunk = recordChunk(writer, done)).isEmpty()) {
        List<GraphRecord> graph = new ArrayList<>(chunk.size());
        for (StoredRecord r : chunk) {
          projection.apply(r).ifPresent(graph::add);
        }
        int[][] numbers = checkKinds(rebuilt, graph);
        GraphWriter.write(writer, graph, List.of());
        rebuilt.add(graph, numbers);
        stating += graph.size();
        done += chunk.size();
        progress.accept(done);
      }
      writer.commit();
      graphIndex = rebuilt.broken() ? loadGraphIndex() : rebuilt;
      return stating;
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (e instanceof IllegalArgumentException || e instanceof CustodyException) {
        throw (RuntimeException) e;
      }
      throw new InternalException("rebuilding the graph failed; the old graph is kept", e);
    }
  }

  @Override
  public boolean graphRebuildNeeded() {
    try (Connection c = readers.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM graph_rebuild");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    } catch (SQLException e) {
      throw new InternalException("graph state read failed", e);
    }
  }

  /** The graph in memory (GraphIndex), loaded from its rows. */
  private GraphIndex loadGraphIndex() {
    try (Connection c = readers.getConnection()) {
      return GraphIndex.load(c);
    } catch (SQLException | RuntimeException e) {
      throw new InternalException("cannot load the graph into memory: " + e.getMessage(), e);
    }
  }

  /** The graph index of a writable store. */
  private GraphIndex graph() {
    GraphIndex index = graphIndex;
    if (index == null) {
      throw new InternalException(
          "this store is open read-only and answers no graph queries; open it for writing");
    }
    return index;
  }

  private static InternalException brokenIndex() {
    return new InternalException(
        "the in-memory graph failed an update (see the log); restart the server to reload it");
  }

  @Override
  public GraphSize graphSize() {
    GraphSize size = graph().size();
    if (size == null) {
      throw brokenIndex();
    }
    return size;
  }

  private static List<StoredRecord> recordChunk(Connection c, long from) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idx, id, body, received_at FROM records WHERE idx >= ? ORDER BY idx LIMIT ?")) {
      ps.setLong(1, from);
      ps.setInt(2, REBUILD_CHUNK);
      List<StoredRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(toRecord(rs));
        }
      }
      return out;
    }
  }

  private void rollback() {
    try {
      writer().rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the next write reports it.
    }
  }

  @Override
  public Optional<StoredRecord> recordAt(long index) {
    List<StoredRecord> one =
        queryRecords("SELECT idx, id, body, received_at FROM records WHERE idx = ?", index, 1);
    return one.stream().findFirst();
  }

  @Override
  public Optional<StoredRecord> record(RecordId id) {
    Long index = findIndexes(List.of(id)).get(id);
    return index == null ? Optional.empty() : recordAt(index);
  }

  @Override
  public List<StoredRecord> records(long fromIndex, int limit) {
    return queryRecords(
        "SELECT idx, id, body, received_at FROM records WHERE idx >= ? ORDER BY idx LIMIT ?",
        fromIndex,
        limit);
  }

  private List<StoredRecord> queryRecords(String sql, long from, int limit) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, from);
      if (sql.endsWith("LIMIT ?")) {
        ps.setInt(2, limit);
      }
      List<StoredRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(toRecord(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new InternalException("record read failed", e);
    }
  }

  private static StoredRecord toRecord(ResultSet rs) throws SQLException {
    byte[] id = rs.getBytes(2);
    return new StoredRecord(rs.getLong(1), RecordId.ofDigest(id), rs.getBytes(3), rs.getLong(4));
  }

  @Override
  public List<RecordId> recordIds(long fromIndex, int limit) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM records WHERE idx >= ? ORDER BY idx LIMIT ?")) {
      ps.setLong(1, fromIndex);
      ps.setInt(2, limit);
      List<RecordId> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(RecordId.ofDigest(rs.getBytes(1)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new InternalException("record id read failed", e);
    }
  }

  @Override
  public byte @Nullable [] read(int level, long index) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT hashes FROM tiles WHERE level = ? AND idx = ?")) {
      ps.setInt(1, level);
      ps.setLong(2, index);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new InternalException("tile read failed", e);
    }
  }

  @Override
  public Optional<StoredCheckpoint> latestCheckpoint() {
    List<StoredCheckpoint> l =
        queryCheckpoints(
            "SELECT size, root, note, created_at FROM checkpoints ORDER BY size DESC LIMIT 1",
            null,
            1);
    return l.stream().findFirst();
  }

  @Override
  public List<StoredCheckpoint> checkpoints(long fromSize, int limit) {
    return queryCheckpoints(
        "SELECT size, root, note, created_at FROM checkpoints WHERE size >= ?"
            + " ORDER BY size LIMIT ?",
        fromSize,
        limit);
  }

  private List<StoredCheckpoint> queryCheckpoints(String sql, @Nullable Long from, int limit) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (from != null) {
        ps.setLong(1, from);
        ps.setInt(2, limit);
      }
      List<StoredCheckpoint> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new InternalException("checkpoint read failed", e);
    }
  }

  // ---- graph reads: from the in-memory index; attributes from the projections that state them --

  /** {@code answer}, which the index gives as null once it is broken. */
  private static <T> T known(@Nullable T answer) {
    if (answer == null) {
      throw brokenIndex();
    }
    return answer;
  }

  @Override
  public Map<NodeId, GraphNode> nodes(Collection<NodeId> ids) {
    return known(graph().nodes(ids));
  }

  @Override
  public Map<NodeId, Kind> kinds(Collection<NodeId> ids) {
    return known(graph().kinds(ids));
  }

  @Override
  public Map<NodeId, java.time.Instant> originTimes(
      Collection<NodeId> entities, Collection<NodeId> activities) {
    if (entities.isEmpty() && activities.isEmpty()) {
      return Map.of();
    }
    return known(graph().originTimes(entities, activities));
  }

  @Override
  public List<GraphEdge> edgesFrom(
      Collection<NodeId> subjects, Set<Relation> relations, long asOf) {
    return known(graph().edges(subjects, true, relations, asOf));
  }

  @Override
  public Map<NodeId, Long> subjectsOf(
      Collection<NodeId> objects, Set<Relation> relations, long asOf) {
    return known(graph().subjectsOf(objects, relations, asOf));
  }

  @Override
  public Reach reachDownstream(
      List<NodeId> sources, Set<Relation> relations, long asOf, int maxNodes, int maxDepth) {
    return known(graph().reachDownstream(sources, relations, asOf, maxNodes, maxDepth));
  }

  @Override
  public List<GraphEdge> identityLinks(Collection<NodeId> ids, long asOf) {
    return known(graph().identityLinks(ids, asOf));
  }

  @Override
  public List<GraphEdge> edgesTo(Collection<NodeId> objects, Set<Relation> relations, long asOf) {
    return known(graph().edges(objects, false, relations, asOf));
  }

  @Override
  public List<GraphNode> searchNodes(String text, @Nullable String type, int limit) {
    return fromIndex("node search", g -> IndexSearch.search(g, text, type, limit));
  }

  @Override
  public List<GraphNode> nodesWithIdPrefix(String prefix, long asOf, int limit) {
    return fromIndex("node prefix read", g -> IndexSearch.withIdPrefix(g, prefix, asOf, limit));
  }

  /** A whole-graph read answered by the in-memory graph. */
  private <T> T fromIndex(String what, java.util.function.Function<GraphIndex, @Nullable T> read) {
    T answer = read.apply(graph());
    if (answer == null) {
      throw new InternalException(what + " failed: the in-memory graph is unavailable");
    }
    return answer;
  }

  @Override
  public List<NodeAttribute> attributes(NodeId node) {
    return statedAttributes(List.of(node), null, Long.MAX_VALUE).getOrDefault(node, List.of());
  }

  @Override
  public Map<NodeId, List<NodeAttribute>> attributes(
      Collection<NodeId> nodes, Set<String> names, long asOf) {
    if (names.isEmpty()) {
      return new java.util.HashMap<>();
    }
    return statedAttributes(nodes, names, asOf);
  }

  /**
   * The attributes records below {@code asOf} stated of each of {@code nodes} (those {@code names}
   * name; null: all), by node in log order and by name within a record: read from the projections
   * of the records that stated any, which the index knows.
   */
  private Map<NodeId, List<NodeAttribute>> statedAttributes(
      Collection<NodeId> nodes, @Nullable Set<String> names, long asOf) {
    GraphIndex index = graph();
    Map<NodeId, long[]> stating = new java.util.LinkedHashMap<>();
    java.util.Set<Long> records = new java.util.HashSet<>();
    for (NodeId node : new java.util.LinkedHashSet<>(nodes)) {
      long[] mentioned = known(index.mentions(node));
      long[] attributed =
          java.util.Arrays.stream(mentioned)
              .filter(m -> (m & 1) == 1 && m >>> 1 < asOf)
              .map(m -> m >>> 1)
              .toArray();
      if (attributed.length > 0) {
        stating.put(node, attributed);
        for (long r : attributed) {
          records.add(r);
        }
      }
    }
    Map<Long, GraphCodec.Rows> rows = projections(records);
    Map<NodeId, List<NodeAttribute>> out = new java.util.HashMap<>();
    for (Map.Entry<NodeId, long[]> e : stating.entrySet()) {
      String id = e.getKey().toString();
      List<NodeAttribute> found = new ArrayList<>();
      for (long r : e.getValue()) {
        for (GraphCodec.NodeRow n : rows.get(r).nodes()) {
          if (n.id().equals(id)) {
            // Attributes are kept in name order; a record names a node once.
            n.attributes()
                .forEach((name, value) -> {
                  if (names == null || names.contains(name)) {
                    found.add(new NodeAttribute(name, value, r));
                  }
                });
            break;
          }
        }
      }
      if (!found.isEmpty()) {
        out.put(e.getKey(), found);
      }
    }
    return out;
  }

  /**
   * Every stored projection in log order, as the graph keeps it (an activity's times among its
   * attributes), with its record's clocks: what {@link GraphExport} writes out.
   */
  void forEachProjection(java.util.function.Consumer<GraphRecord> each) {
    try (Connection c = readers.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT g.log_index, g.body, r.producer, r.claimed_at, r.received_at, r.skew,"
                    + " r.backfill, r.causality FROM graph_records g"
                    + " JOIN record_meta r ON r.log_index = g.log_index ORDER BY g.log_index")) {
      ps.setFetchSize(1_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          GraphCodec.Rows rows = GraphCodec.decode(rs.getBytes(2));
          List<dev.custody.model.Node> nodes = new ArrayList<>();
          for (GraphCodec.NodeRow n : rows.nodes()) {
            nodes.add(
                new dev.custody.model.Node(
                    NodeId.parse(n.id(), "id"),
                    n.kind(),
                    n.type(),
                    n.name(),
                    n.attributes(),
                    null,
                    null));
          }
          List<dev.custody.model.Edge> edges = new ArrayList<>();
          for (GraphCodec.EdgeRow e : rows.edges()) {
            edges.add(
                new dev.custody.model.Edge(
                    NodeId.parse(e.subject(), "subject"),
                    e.relation(),
                    NodeId.parse(e.object(), "object"),
                    e.time() == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(e.time()),
                    e.attributes()));
          }
          each.accept(
              new GraphRecord(
                  rs.getLong(1),
                  NodeId.parse(rs.getString(3), "producer"),
                  java.time.Instant.ofEpochMilli(rs.getLong(4)),
                  rs.getLong(5),
                  nodes,
                  edges,
                  rs.getBoolean(6),
                  rs.getBoolean(7),
                  rs.getBoolean(8)));
        }
      }
    } catch (SQLException | IllegalStateException e) {
      throw new InternalException("graph projection read failed", e);
    }
  }

  /** The stored projections of records {@code indexes}, by log index. */
  private Map<Long, GraphCodec.Rows> projections(Collection<Long> indexes) {
    Map<Long, GraphCodec.Rows> out;
    try (Connection c = readers.getConnection()) {
      out = GraphReader.projections(c, List.copyOf(indexes));
    } catch (SQLException | IllegalStateException e) {
      throw new InternalException("graph projection read failed", e);
    }
    if (out.size() != indexes.size()) {
      throw new InternalException(
          "the graph index names records whose projection is not stored; run custody reindex");
    }
    return out;
  }

  @Override
  public Map<NodeId, GraphNode> nodesAsOf(Collection<NodeId> ids, long asOf) {
    return known(graph().nodesAsOf(ids, asOf));
  }

  @Override
  public List<NodeNaming> namings(NodeId node) {
    return known(graph().namings(node));
  }

  @Override
  public Map<GraphEdge, Map<String, String>> edgeAttributes(Collection<GraphEdge> edges) {
    List<GraphEdge> asked = known(graph().mayHaveAttributes(edges));
    if (asked.isEmpty()) {
      return Map.of();
    }
    java.util.Set<Long> records = new java.util.HashSet<>();
    for (GraphEdge e : asked) {
      records.add(e.logIndex());
    }
    Map<Long, GraphCodec.Rows> rows = projections(records);
    Map<GraphEdge, Map<String, String>> out = new java.util.HashMap<>();
    for (GraphEdge e : asked) {
      Map<String, String> found = new java.util.TreeMap<>();
      for (GraphCodec.EdgeRow r : rows.get(e.logIndex()).edges()) {
        // A record that states an edge twice keeps each attribute's first value.
        if (r.relation() == e.relation()
            && r.subject().equals(e.subject().toString())
            && r.object().equals(e.object().toString())) {
          r.attributes().forEach(found::putIfAbsent);
        }
      }
      if (!found.isEmpty()) {
        out.put(e, found);
      }
    }
    return out;
  }

  @Override
  public Map<Long, java.time.Instant> claimedTimes(Collection<Long> indexes) {
    return known(graph().claimedTimes(indexes));
  }

  @Override
  public Optional<ClaimedSpan> claimedSpan(NodeId node) {
    long[] span = known(graph().claimedSpan(node));
    return span.length == 0
        ? Optional.empty()
        : Optional.of(
            new ClaimedSpan(
                java.time.Instant.ofEpochMilli(span[0]), java.time.Instant.ofEpochMilli(span[1])));
  }

  @Override
  public List<Mention> mentions(NodeId node, int limit) {
    long[] mentioned = known(graph().mentions(node));
    List<Long> first = new ArrayList<>();
    for (int i = 0; i < mentioned.length && i < limit; i++) {
      first.add(mentioned[i] >>> 1);
    }
    try (Connection c = readers.getConnection()) {
      return GraphReader.mentions(c, first);
    } catch (SQLException e) {
      throw new InternalException("mention read failed", e);
    }
  }

  @Override
  public LinkCheckResult checkLinks(LinkCheck check, long asOf, int limit) {
    boolean latest = asOf >= size();
    return fromIndex("link check", g -> IndexChecks.check(g, check, asOf, latest, limit));
  }

  @Override
  public Map<String, SourceReach> reachingSources(
      Set<String> types, Sources sources, Set<Relation> relations, long asOf) {
    boolean latest = asOf >= size();
    return fromIndex(
        "source reachability", g -> IndexChecks.reach(g, types, sources, relations, asOf, latest));
  }

  @Override
  public Optional<RecordClocks> clocks(long index) {
    try (Connection c = readers.getConnection()) {
      return GraphReader.clocks(c, index);
    } catch (SQLException e) {
      throw new InternalException("record clock read failed", e);
    }
  }

  @Override
  public void close() {
    readers.close();
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (SQLException ignored) {
      // Closing is best effort; every commit is already durable.
    }
  }
}
