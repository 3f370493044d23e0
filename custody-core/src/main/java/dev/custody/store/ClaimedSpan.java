package dev.custody.store;

import java.time.Instant;

/**
 * The earliest and the latest time claimed by the records that mention a node: when its producers
 * say it first and last took part, whatever order the records arrived in.
 */
public record ClaimedSpan(Instant earliest, Instant latest) {}
