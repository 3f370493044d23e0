package dev.custody.log;

import dev.custody.error.InternalException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Appends leaf hashes to the tiled tree and tells the caller which tiles to store. Holds the tree
 * size and, for every tile level, the right-edge tile that is not full yet; everything left of the
 * right edge is full and immutable, and read through a {@link TileReader} when needed.
 *
 * <p>Cost of {@link #append}: a leaf costs a 32-byte copy; each tile that becomes full costs 255
 * node hashes to compute its root, which is appended to the tile level above. That is about one
 * node hash per leaf amortized ({@code 255/256 + 255/65536 + ...}), plus O(levels) per call to
 * collect the changed tiles. The hashes computed for a completed tile's root are kept: the tile
 * goes into the read cache expanded. Memory: 8 KiB per tile level.
 *
 * <p>Not thread safe: one writer owns an appender. The tiles returned by {@code append} must be
 * stored (made readable through the constructor's {@link TileReader}) before {@link #hashReader()}
 * is used to read full tiles that may have left its cache.
 */
public final class TreeAppender {
  private static final int H = Rfc6962.HASH_SIZE;

  private final TileReader stored;
  private final TiledHashReader view;

  /** The right-edge tile of each tile level, lowest first. */
  private final List<RightEdge> edges = new ArrayList<>();

  private long size;
  private byte @Nullable [] root;

  /**
   * Resumes a tree of {@code size} leaves (0 for a new log) whose tiles are readable through {@code
   * stored}, with a read cache of {@link TiledHashReader#DEFAULT_CACHE_TILES}.
   *
   * @throws InternalException if a right-edge tile is missing or shorter than {@code size} implies
   */
  public TreeAppender(TileReader stored, long size) {
    this(stored, size, TiledHashReader.DEFAULT_CACHE_TILES);
  }

  /**
   * Like {@link #TreeAppender(TileReader, long)}, with the capacity in full tiles of the cache
   * behind {@link #hashReader()}.
   */
  public TreeAppender(TileReader stored, long size, int cacheTiles) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    this.stored = stored;
    this.size = size;
    this.view = new TiledHashReader(this::read, cacheTiles);
    for (int level = 0; TileMath.completeNodes(size, level * Tile.HEIGHT) > 0; level++) {
      long nodes = TileMath.completeNodes(size, level * Tile.HEIGHT);
      RightEdge edge = new RightEdge(nodes / Tile.WIDTH);
      edge.width = (int) (nodes % Tile.WIDTH);
      if (edge.width > 0) {
        byte[] data = stored.read(level, edge.index);
        if (data == null || data.length < edge.width * H) {
          throw new InternalException(
              "tile " + level + "/" + edge.index + " is missing or shorter than " + edge.width);
        }
        System.arraycopy(data, 0, edge.row, 0, edge.width * H);
      }
      edges.add(edge);
    }
  }

  /** The number of leaves in the tree. */
  public long size() {
    return size;
  }

  /**
   * Appends leaf hashes in order and returns every tile whose content changed: tiles that became
   * full and the new versions of right-edge partial tiles, each at most once with its latest
   * content, ordered by level then index. An empty input changes nothing and returns an empty list.
   *
   * @throws IllegalArgumentException if a leaf hash is not 32 bytes (nothing is appended then)
   */
  public List<Tile> append(List<byte[]> leafHashes) {
    for (byte[] leaf : leafHashes) {
      if (leaf.length != H) {
        throw new IllegalArgumentException("leaf hash is " + leaf.length + " bytes");
      }
    }
    if (leafHashes.isEmpty()) {
      return List.of();
    }
    List<Tile> changed = new ArrayList<>();
    BitSet touched = new BitSet();
    for (byte[] leaf : leafHashes) {
      push(0, leaf, changed, touched);
    }
    size += leafHashes.size();
    root = null;
    for (int level = touched.nextSetBit(0); level >= 0; level = touched.nextSetBit(level + 1)) {
      RightEdge edge = edges.get(level);
      if (edge.width > 0) {
        changed.add(new Tile(level, edge.index, Arrays.copyOf(edge.row, edge.width * H)));
      }
    }
    changed.sort(Comparator.comparingInt(Tile::level).thenComparingLong(Tile::index));
    return List.copyOf(changed);
  }

  /**
   * The root hash of the current tree: O(levels) subtree reads. A subtree inside a right-edge tile
   * is hashed from that tile's row once and remembered until the tile is full, so a root after a
   * small append costs a few node hashes per level, not up to 255 (a group commit of a few records
   * asks for one). Memoized until the next append.
   */
  public byte[] rootHash() {
    byte[] r = root;
    if (r == null) {
      r = Proofs.rootHash(this::subtreeForRoot, size);
      root = r;
    }
    return r.clone();
  }

  /** As {@link TiledHashReader#completeHash}, from the right edge's memo where it lies there. */
  private byte[] subtreeForRoot(int level, long index) {
    int tileLevel = level / Tile.HEIGHT;
    int r = level % Tile.HEIGHT;
    if (tileLevel < edges.size()) {
      RightEdge edge = edges.get(tileLevel);
      if (edge.width > 0 && index >>> (Tile.HEIGHT - r) == edge.index) {
        return edge.subtree(r, (int) (index & ((Tile.WIDTH >>> r) - 1))).clone();
      }
    }
    return view.completeHash(level, index);
  }

  /**
   * A {@link HashReader} of the current tree for {@link Proofs}: right-edge tiles come from memory,
   * full tiles from the constructor's {@link TileReader} through an LRU cache of expanded tiles
   * (into which {@link #append} puts the tiles it completes). Use it on the writer's thread only,
   * and only for subtrees complete at the current {@link #size()}.
   */
  public HashReader hashReader() {
    return view;
  }

  private byte @Nullable [] read(int level, long index) {
    if (level < edges.size()) {
      RightEdge edge = edges.get(level);
      if (index == edge.index && edge.width > 0) {
        return Arrays.copyOf(edge.row, edge.width * H);
      }
    }
    return stored.read(level, index);
  }

  private void push(int level, byte[] hash, List<Tile> changed, BitSet touched) {
    if (level == edges.size()) {
      edges.add(new RightEdge(0));
    }
    RightEdge edge = edges.get(level);
    System.arraycopy(hash, 0, edge.row, edge.width * H, H);
    edge.width++;
    touched.set(level);
    if (edge.width < Tile.WIDTH) {
      return;
    }
    // The row is full: it becomes an immutable tile, and its root a node one tile level up.
    Tile full = new Tile(level, edge.index, edge.row.clone());
    changed.add(full);
    edge.index++;
    edge.width = 0;
    edge.forget();
    // Expanding for the read cache computes the tile's root on the way: 255 hashes, once.
    push(level + 1, view.putFull(full), changed, touched);
  }

  /**
   * The tile of one level being filled: its index and its first {@code width} hashes, and the
   * hashes of the complete subtrees inside it computed so far (they never change while the row
   * grows).
   */
  private static final class RightEdge {
    long index;
    int width;
    final byte[] row = new byte[Tile.WIDTH * H];
    // Subtree (r, i) of the tile, r in 1..7: memo[(offset(r) + i)], null until computed.
    private final byte[][] memo = new byte[Tile.WIDTH][];

    RightEdge(long index) {
      this.index = index;
    }

    /** The hash of the subtree of height {@code r} at {@code i}; it must be complete in the row. */
    byte[] subtree(int r, int i) {
      if (r == 0) {
        return Arrays.copyOfRange(row, i * H, (i + 1) * H);
      }
      int slot = Tile.WIDTH - (Tile.WIDTH >>> (r - 1)) + i;
      byte[] known = memo[slot];
      if (known == null) {
        known = Rfc6962.nodeHash(subtree(r - 1, 2 * i), subtree(r - 1, 2 * i + 1));
        memo[slot] = known;
      }
      return known;
    }

    void forget() {
      Arrays.fill(memo, null);
    }
  }
}
