package dev.custody.ingest;

/**
 * Size caps applied to every request that carries records. Each cap has a clear error: 413 for
 * sizes and counts, 400 for nesting depth.
 *
 * @param maxRequestBytes largest request body accepted
 * @param maxRecordBytes largest single record, as sent
 * @param maxDepth deepest nesting of objects and arrays inside one record (the record is 1)
 * @param maxRecords most records in one request
 */
public record RecordLimits(int maxRequestBytes, int maxRecordBytes, int maxDepth, int maxRecords) {
  /** 16 MiB requests, 1 MiB records, depth 64, 10,000 records a request. */
  public static final RecordLimits DEFAULTS = new RecordLimits(16 << 20, 1 << 20, 64, 10_000);

  public RecordLimits {
    if (maxRequestBytes <= 0 || maxRecordBytes <= 0 || maxDepth <= 0 || maxRecords <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
