package dev.custody.store;

/**
 * A published checkpoint: the tree size and root it commits to, the full signed note as served at
 * {@code /checkpoint}, and when it was made (epoch milliseconds).
 */
public record StoredCheckpoint(long size, byte[] rootHash, String note, long createdAtMillis) {}
