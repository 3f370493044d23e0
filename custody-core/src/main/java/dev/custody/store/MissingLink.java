package dev.custody.store;

import dev.custody.model.NodeId;
import org.jspecify.annotations.Nullable;

/**
 * A node that lacks a link a {@link LinkCheck} asks for.
 *
 * @param type the node's latest stated type, if any
 * @param firstIndex the log index of the first record that named the node
 * @param via for a check through another node, the first such node (by id) that lacks the link
 */
public record MissingLink(
    NodeId node, @Nullable String type, long firstIndex, @Nullable NodeId via) {}
