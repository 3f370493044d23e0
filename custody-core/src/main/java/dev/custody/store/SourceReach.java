package dev.custody.store;

/**
 * How many nodes of one type there are, and how many of them reach a source.
 *
 * @param nodes nodes of the type named below the log size asked
 * @param reaching those whose upstream reaches a source node
 */
public record SourceReach(long nodes, long reaching) {}
