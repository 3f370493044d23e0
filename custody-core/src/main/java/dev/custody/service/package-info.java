/**
 * The services the API and the CLI share: the write path (sequencer, group commit, checkpoints) and
 * the reads (records, proofs, tiles) of the log.
 */
@NullMarked
package dev.custody.service;

import org.jspecify.annotations.NullMarked;
