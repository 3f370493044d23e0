package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import dev.custody.error.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Signing checkpoints into signed notes and opening signed notes into verified checkpoints.
 * Stateless, thread safe.
 */
public final class SignedCheckpoint {
  /** The check name reported when a verified note's text is not a checkpoint. */
  public static final String CHECK = "checkpoint";

  private SignedCheckpoint() {}

  /** The full signed note (text, blank line, one signature line) for {@code checkpoint}. */
  public static String sign(Checkpoint checkpoint, Ed25519NoteSigner signer) {
    return signer.signNote(checkpoint.toNoteText()).formatString();
  }

  /**
   * Verifies a signed note against {@code known} keys, then parses its text as a checkpoint. The
   * text is not looked at before a known key has vouched for it.
   *
   * @throws NoteVerificationException if the note is malformed or its signatures do not check out
   * @throws VerificationException (check {@value #CHECK}) if the verified text is not a checkpoint
   */
  public static Checkpoint open(byte[] signedNote, List<NoteVerifier> known) {
    VerifiedNote verified = Note.open(signedNote, known);
    try {
      return Checkpoint.parse(verified.text());
    } catch (InvalidInputException e) {
      throw new VerificationException(CHECK, "signed note is not a checkpoint: " + e.detail(), e);
    }
  }

  /** {@link #open(byte[], List)} of the UTF-8 bytes of {@code signedNote}. */
  public static Checkpoint open(String signedNote, List<NoteVerifier> known) {
    return open(signedNote.getBytes(StandardCharsets.UTF_8), known);
  }

  /**
   * {@link #open(String, List)}, and the checkpoint must come from the log named {@code
   * expectedOrigin}.
   *
   * @throws CheckpointOriginException if the origin differs
   */
  public static Checkpoint open(
      String signedNote, String expectedOrigin, List<NoteVerifier> known) {
    Checkpoint checkpoint = open(signedNote, known);
    if (!checkpoint.origin().equals(expectedOrigin)) {
      throw new CheckpointOriginException(expectedOrigin, checkpoint.origin());
    }
    return checkpoint;
  }
}
