package dev.custody.model;

import java.util.Optional;

/** Where a record's {@code documentRef} is looked up: the store, or the request being written. */
@FunctionalInterface
public interface PayloadSource {
  /** No payloads: a record that names one cannot be read. */
  PayloadSource NONE = digest -> Optional.empty();

  Optional<Payload> payload(String digest);

  /** A source holding just {@code payload}. */
  static PayloadSource of(Payload payload) {
    return digest -> digest.equals(payload.digest()) ? Optional.of(payload) : Optional.empty();
  }

  /** A source holding {@code payload} if there is one, else {@link #NONE}. */
  static PayloadSource of(Optional<Payload> payload) {
    return payload.map(PayloadSource::of).orElse(NONE);
  }
}
