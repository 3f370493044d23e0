package dev.custody.store;

/** How many nodes and edge rows the provenance graph holds. */
public record GraphSize(long nodes, long edges) {}
