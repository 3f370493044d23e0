package dev.custody.log.note;

import java.util.List;

/**
 * A note whose signatures were checked against a set of known keys: at least one signature by a
 * known key verified and none by a known key failed.
 *
 * @param note the note as parsed
 * @param verified signatures by known keys, all valid (non-empty; identical signature lines appear
 *     once)
 * @param unverified signatures by keys not in the known set, ignored as the spec requires
 */
public record VerifiedNote(
    Note note, List<NoteSignature> verified, List<NoteSignature> unverified) {
  public VerifiedNote {
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
    if (verified.isEmpty()) {
      throw new IllegalArgumentException("a verified note has at least one verified signature");
    }
  }

  /** The note text, now trusted as far as the known keys are. */
  public String text() {
    return note.text();
  }
}
