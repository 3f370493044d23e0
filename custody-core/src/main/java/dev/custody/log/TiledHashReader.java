package dev.custody.log;

import dev.custody.error.InternalException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HashReader} over stored tiles. Subtree {@code (h, k)} lives in tile level {@code L = h /
 * 8}: its {@code 2^(h % 8)} bottom nodes are a run of the tile row at tree level {@code 8L}, and
 * its hash is computed from them.
 *
 * <p>Full tiles never change, so each one is expanded once into all 511 node hashes of its 8-level
 * subtree and kept in a bounded LRU cache (16 KiB per tile); a cached lookup is an array copy.
 * Partial tiles grow as the log grows, but a partial tile is a prefix of every later version of it,
 * so the longest version read so far answers any subtree it covers: a small LRU keeps those rows,
 * and the {@link TileReader} is asked again only for nodes beyond the cached width. A partial-tile
 * subtree is hashed up at most 7 levels (at most 127 node hashes).
 *
 * <p>Thread safe: concurrent readers share the cache, guarded by this object's lock, which is never
 * held while reading tiles or hashing. The {@link TileReader} must be thread safe too.
 *
 * @see TreeAppender
 */
public final class TiledHashReader implements HashReader {
  /** Default cache capacity in full tiles: 1024 tiles, about 16 MiB. */
  public static final int DEFAULT_CACHE_TILES = 1024;

  private static final int H = Rfc6962.HASH_SIZE;
  private static final int EXPANDED_NODES = 2 * Tile.WIDTH - 1;
  private static final byte NODE_PREFIX = 0x01;

  /** Partial rows kept: a few per tile level covers the right edge and recent proofs. */
  private static final int PARTIAL_ROWS = 64;

  private final TileReader tiles;
  private final Map<TileKey, byte[]> cache;
  private final Map<TileKey, byte[]> partials =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileKey, byte[]> eldest) {
          return size() > PARTIAL_ROWS;
        }
      };

  /** A reader with a cache of {@link #DEFAULT_CACHE_TILES} full tiles. */
  public TiledHashReader(TileReader tiles) {
    this(tiles, DEFAULT_CACHE_TILES);
  }

  /**
   * @param cacheTiles how many expanded full tiles to keep; 0 disables the cache
   */
  public TiledHashReader(TileReader tiles, int cacheTiles) {
    if (cacheTiles < 0) {
      throw new IllegalArgumentException("negative cache size " + cacheTiles);
    }
    this.tiles = tiles;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<TileKey, byte[]> eldest) {
            return size() > cacheTiles;
          }
        };
  }

  /**
   * {@inheritDoc}
   *
   * @throws InternalException if the tile holding the subtree is missing or too short, which means
   *     the store does not hold the tree the caller believes
   */
  @Override
  public byte[] completeHash(int level, long index) {
    if (level < 0 || index < 0) {
      throw new IllegalArgumentException("negative subtree coordinates");
    }
    int tileLevel = level / Tile.HEIGHT;
    int r = level % Tile.HEIGHT;
    long tileIndex = index >>> (Tile.HEIGHT - r);
    int inTile = (int) (index & ((Tile.WIDTH >>> r) - 1));
    TileKey key = new TileKey(tileLevel, tileIndex);
    byte[] expanded = cached(key);
    if (expanded != null) {
      return node(expanded, r, inTile);
    }
    int first = inTile << r;
    int count = 1 << r;
    byte[] known = partial(key);
    if (known != null && known.length >= (first + count) * H) {
      return hashUp(known, first, count);
    }
    byte[] row = tiles.read(tileLevel, tileIndex);
    if (row == null || row.length < (first + count) * H || row.length % H != 0) {
      throw new InternalException(
          "tile "
              + tileLevel
              + "/"
              + tileIndex
              + " does not hold nodes ["
              + first
              + ", "
              + (first + count)
              + ")");
    }
    if (row.length == Tile.WIDTH * H) {
      expanded = expand(row);
      remember(key, expanded);
      return node(expanded, r, inTile);
    }
    rememberPartial(key, row);
    return hashUp(row, first, count);
  }

  /**
   * Offers a freshly written tile to the cache, so readers need not load it back. Full tiles are
   * expanded and cached; a partial tile only evicts any cached version (which cannot exist for a
   * well-behaved writer).
   */
  public void put(Tile tile) {
    if (!tile.isFull()) {
      invalidate(tile.level(), tile.index());
      return;
    }
    putFull(tile);
  }

  /** Expands and caches a full tile; returns the root of its 8-level subtree. */
  byte[] putFull(Tile full) {
    byte[] expanded = expand(full.hashes());
    remember(new TileKey(full.level(), full.index()), expanded);
    return node(expanded, Tile.HEIGHT, 0);
  }

  /** Drops tile {@code (level, index)} from the cache, if present. */
  public void invalidate(int level, long index) {
    TileKey key = new TileKey(level, index);
    synchronized (cache) {
      cache.remove(key);
    }
    synchronized (partials) {
      partials.remove(key);
    }
  }

  /** The number of expanded tiles cached now; for tests and metrics. */
  public int cachedTiles() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private byte @Nullable [] partial(TileKey key) {
    synchronized (partials) {
      return partials.get(key);
    }
  }

  private void rememberPartial(TileKey key, byte[] row) {
    synchronized (partials) {
      byte[] before = partials.get(key);
      if (before == null || before.length < row.length) {
        partials.put(key, row);
      }
    }
  }

  private byte @Nullable [] cached(TileKey key) {
    synchronized (cache) {
      return cache.get(key);
    }
  }

  private void remember(TileKey key, byte[] expanded) {
    synchronized (cache) {
      cache.put(key, expanded);
    }
    synchronized (partials) {
      partials.remove(key);
    }
  }

  /** Expanded layout: level j of the tile subtree starts at node 512 - (512 >> j). */
  private static byte[] expand(byte[] row) {
    byte[] out = Arrays.copyOf(row, EXPANDED_NODES * H);
    MessageDigest md = Rfc6962.sha256();
    int below = 0;
    int at = Tile.WIDTH;
    for (int width = Tile.WIDTH / 2; width >= 1; width /= 2) {
      for (int i = 0; i < width; i++) {
        nodeHash(md, out, (below + 2 * i) * H, (at + i) * H);
      }
      below = at;
      at += width;
    }
    return out;
  }

  private static byte[] node(byte[] expanded, int r, int i) {
    int offset = 2 * Tile.WIDTH - (2 * Tile.WIDTH >>> r) + i;
    return Arrays.copyOfRange(expanded, offset * H, (offset + 1) * H);
  }

  private static byte[] hashUp(byte[] row, int first, int count) {
    byte[] level = Arrays.copyOfRange(row, first * H, (first + count) * H);
    MessageDigest md = Rfc6962.sha256();
    for (int n = count; n > 1; n /= 2) {
      for (int i = 0; i < n / 2; i++) {
        nodeHash(md, level, 2 * i * H, i * H);
      }
    }
    return Arrays.copyOf(level, H);
  }

  /**
   * {@link Rfc6962#nodeHash} of the two adjacent hashes at {@code buf[children ..+64)}, written to
   * {@code buf[to ..+32)} ({@code to <= children}: in place is fine, the children are read first).
   * One digest reused and no copies: expanding a tile costs 255 of these, on every cache miss.
   */
  private static void nodeHash(MessageDigest md, byte[] buf, int children, int to) {
    md.update(NODE_PREFIX);
    md.update(buf, children, 2 * H);
    try {
      md.digest(buf, to, H);
    } catch (DigestException e) {
      throw new AssertionError("a SHA-256 digest fits in 32 bytes", e);
    }
  }

  private record TileKey(int level, long index) {}
}
