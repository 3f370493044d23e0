/**
 * Queries over the provenance graph: lineage (upstream, downstream), node details, time travel
 * ({@code asOf} a log size). Reads the store only; every answer names the checkpoint (log size and
 * root hash) it was computed against, so each edge can be proven from the log.
 */
@NullMarked
package dev.custody.query;

import org.jspecify.annotations.NullMarked;
