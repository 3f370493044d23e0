package dev.custody.service;

import dev.custody.ingest.ProvenanceReader;
import dev.custody.store.GraphRecord;
import dev.custody.store.LogStore;
import dev.custody.store.StoredRecord;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Rebuilds the provenance graph from the records alone: the log is the source of truth, the graph a
 * projection of it. Each stored record is read and projected exactly as the write path does ({@link
 * ProvenanceReader} then {@link GraphRecord#project}), in index order, and the store replaces every
 * graph row in one transaction. Run it with no server on the store: it is a writer.
 */
public final class GraphReindexer {
  private final ProvenanceReader provenance = new ProvenanceReader();
  private final LogStore store;
  private final ClockPolicy clocks;

  /**
   * A reindexer that judges clocks by {@code clocks}: give the policy the server ran with, or the
   * skew, backfill and causality flags come out differently.
   */
  public GraphReindexer(LogStore store, ClockPolicy clocks) {
    this.store = store;
    this.clocks = clocks;
  }

  /** What a rebuild did: records read, and those of them that stated provenance. */
  public record Result(long records, long stating) {}

  /**
   * Replaces the graph by the projection of every stored record.
   *
   * @param progress hears the number of records read so far
   * @throws dev.custody.error.InvalidInputException if a stored native record no longer parses (the
   *     write path refused such records, so the store was changed behind the log's back); nothing
   *     is written
   */
  public Result run(LongConsumer progress) {
    // One check for the whole rebuild: it has judged every earlier record, as the store had when
    // each record was appended, so the flags come out as the appends set them.
    CausalityCheck causality = new CausalityCheck(clocks.maxSkew());
    long stating = store.rebuildGraph(r -> project(r).map(causality::judge), progress);
    return new Result(store.size(), stating);
  }

  private Optional<GraphRecord> project(StoredRecord r) {
    return provenance
        .read(r.canonical(), store::payload)
        .map(prov -> clocks.judge(GraphRecord.project(r.index(), r.receivedAtMillis(), prov)));
  }
}
