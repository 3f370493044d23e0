package dev.custody.bench;

import dev.custody.log.LogEntry;
import dev.custody.log.Rfc6962;
import dev.custody.log.Tile;
import dev.custody.log.TreeAppender;
import dev.custody.model.RecordId;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Custody SQLite database (the real schema, created by {@link SqliteLogStore#open}) whose {@code
 * tiles} table holds the tree of {@code size} synthetic leaves, built with {@link TreeAppender}.
 * The {@code records} table stays empty: proofs read tiles only, and 10 million record rows would
 * cost minutes to build for nothing the proof path reads. Built once, cached under {@code
 * target/bench-cache/tiles-<size>/}; a {@code root} file written last marks a complete build.
 */
final class TileTreeFixture {
  final Path db;
  final long size;
  final byte[] root;

  private TileTreeFixture(Path db, long size, byte[] root) {
    this.db = db;
    this.size = size;
    this.root = root;
  }

  /** Leaf hash of synthetic leaf {@code i}: the entry of a record whose digest is SHA-256(i). */
  static byte[] leaf(MessageDigest sha, long i) {
    byte[] digest = sha.digest(ByteBuffer.allocate(8).putLong(i).array());
    return LogEntry.leafHash(RecordId.ofDigest(digest));
  }

  static synchronized TileTreeFixture get(long size) {
    Path dir = BenchSupport.cacheDir().resolve("tiles-" + size);
    Path db = dir.resolve("custody.db");
    Path rootFile = dir.resolve("root");
    try {
      if (Files.exists(rootFile)) {
        byte[] root = HexFormat.of().parseHex(Files.readString(rootFile).trim());
        return new TileTreeFixture(db, size, root);
      }
      BenchSupport.deleteTree(dir);
      Files.createDirectories(dir);
      SqliteLogStore.open(db).close(); // creates the real schema
      long t0 = System.nanoTime();
      byte[] root = build(db, size);
      Files.writeString(rootFile, HexFormat.of().formatHex(root), StandardCharsets.UTF_8);
      System.err.printf(
          "bench: built %,d-leaf tile tree in %.1f s at %s%n",
          size, (System.nanoTime() - t0) / 1e9, db);
      return new TileTreeFixture(db, size, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the tile tree fixture", e);
    }
  }

  private static byte[] build(Path db, long size) throws Exception {
    MessageDigest sha = Rfc6962.sha256();
    TreeAppender tree = new TreeAppender((level, index) -> null, 0, 16);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        // Building a fixture, not serving: durability does not matter here.
        s.execute("PRAGMA synchronous=OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tiles(level, idx, hashes) VALUES (?, ?, ?)"
                  + " ON CONFLICT(level, idx) DO UPDATE SET hashes = excluded.hashes")) {
        long i = 0;
        while (i < size) {
          int n = (int) Math.min(1 << 16, size - i);
          List<byte[]> leaves = new ArrayList<>(n);
          for (int k = 0; k < n; k++) {
            leaves.add(leaf(sha, i + k));
          }
          i += n;
          for (Tile t : tree.append(leaves)) {
            ps.setInt(1, t.level());
            ps.setLong(2, t.index());
            ps.setBytes(3, t.hashes());
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
        }
      }
    }
    return tree.rootHash();
  }
}
