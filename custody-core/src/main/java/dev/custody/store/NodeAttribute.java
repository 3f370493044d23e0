package dev.custody.store;

/**
 * One attribute of a node as one record stated it.
 *
 * @param value RFC 8785 canonical JSON text
 * @param logIndex the log index of the record that stated it
 */
public record NodeAttribute(String name, String value, long logIndex) {}
