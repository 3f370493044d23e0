package dev.custody.store;

import dev.custody.model.Payload;

/**
 * A payload as the store is given it: the log index of the record that names it, and the payload.
 */
public record StoredPayload(long index, Payload payload) {}
