package dev.custody.store;

import org.jspecify.annotations.Nullable;

/**
 * The type and name one record stated of a node (either may be absent; a record that states neither
 * leaves no naming).
 *
 * @param logIndex the log index of the record that stated them
 */
public record NodeNaming(@Nullable String type, @Nullable String name, long logIndex) {}
