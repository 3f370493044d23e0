package dev.custody.log;

/**
 * Reads the hash of a complete (perfect) subtree of the log: the subtree at {@code level} with
 * {@code index} covers leaves {@code [index << level, (index + 1) << level)}. Level 0 is the leaf
 * hashes. Callers only ask for subtrees that are complete in the tree they work on.
 */
@FunctionalInterface
public interface HashReader {
  byte[] completeHash(int level, long index);
}
