package dev.custody.store.sqlite;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lists of ints filed by node, each in the order added, kept as linked entries in a few primitive
 * arrays. The index files every edge, mention and naming a record adds under its node; a list
 * object per node (an {@code IntArrayList} and its array, ~80 bytes) made millions of small objects
 * on a server that ingests for hours, and the garbage collector traced every one of them at each
 * marking cycle. Here a node costs two ints and an entry two or three, in arrays the collector
 * never looks into.
 *
 * <p>Not thread safe: {@link GraphIndex} guards it with its lock.
 */
final class Chains {
  static final int END = -1;

  private final IntArrayList heads = new IntArrayList();
  private final IntArrayList tails = new IntArrayList();
  private final IntArrayList values = new IntArrayList();
  private final IntArrayList nexts = new IntArrayList();
  // Only when the lists are walked from the end too.
  private final @Nullable IntArrayList previouses;

  /**
   * @param backward whether {@link #last} and {@link #previous} are wanted (an int more an entry)
   */
  Chains(boolean backward) {
    previouses = backward ? new IntArrayList() : null;
  }

  /** Adds an empty list for the next node number. */
  void addNode() {
    heads.add(END);
    tails.add(END);
  }

  /** Appends {@code value} to the list of {@code node}. */
  void add(int node, int value) {
    int entry = values.size();
    values.add(value);
    nexts.add(END);
    int tail = tails.getInt(node);
    if (previouses != null) {
      previouses.add(tail);
    }
    if (tail == END) {
      heads.set(node, entry);
    } else {
      nexts.set(tail, entry);
    }
    tails.set(node, entry);
  }

  /** The first entry of the list of {@code node}, or {@link #END}. */
  int first(int node) {
    return heads.getInt(node);
  }

  /** The last entry of the list of {@code node}, or {@link #END}. */
  int last(int node) {
    return tails.getInt(node);
  }

  /** The entry after {@code entry} in its list, or {@link #END}. */
  int next(int entry) {
    return nexts.getInt(entry);
  }

  /** The entry before {@code entry} in its list, or {@link #END}; only if built backward. */
  int previous(int entry) {
    return Objects.requireNonNull(previouses, "not built backward").getInt(entry);
  }

  /** The value of {@code entry}. */
  int value(int entry) {
    return values.getInt(entry);
  }
}
