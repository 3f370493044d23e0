package dev.custody.store;

import dev.custody.model.RecordId;

/**
 * A record as the log holds it: its index, its id, its RFC 8785 canonical bytes and the time the
 * server received it (epoch milliseconds; not covered by the log, see docs/LOG-FORMAT.md).
 */
public record StoredRecord(long index, RecordId id, byte[] canonical, long receivedAtMillis) {}
