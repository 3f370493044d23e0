package dev.custody.store;

import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import org.jspecify.annotations.Nullable;

/**
 * A node of the provenance graph as stored. Its kind never changes; {@code type} and {@code name}
 * are the latest ones a record stated.
 *
 * @param firstIndex the log index of the first record that named the node
 */
public record GraphNode(
    NodeId id, Kind kind, @Nullable String type, @Nullable String name, long firstIndex) {}
