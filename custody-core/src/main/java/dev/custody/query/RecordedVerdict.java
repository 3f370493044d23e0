package dev.custody.query;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A verification verdict as the server itself logged it in an attestation record (never one a
 * producer stated in a native record, which anyone can write).
 *
 * @param attestation the attestation's id ({@code sha256:} of its canonical JSON)
 * @param subjects the ids of the digests the attestation's statement names as subjects
 * @param format the attestation's format label
 * @param predicateType its predicate type, if a statement
 * @param verified true only when a trusted signature verified and no check failed
 * @param reason why it is unverified, or that all checks passed
 * @param keyid the trusted key that verified it, if any
 * @param verifier the verifier and its version
 */
public record RecordedVerdict(
    String attestation,
    List<String> subjects,
    String format,
    @Nullable String predicateType,
    boolean verified,
    String reason,
    @Nullable String keyid,
    String verifier) {
  public RecordedVerdict {
    subjects = List.copyOf(subjects);
  }

  /**
   * Reads the verdict out of a stored record's canonical bytes; empty when the record is not an
   * attestation record. Supplied by the layer that knows the attestation record format.
   */
  @FunctionalInterface
  public interface Reader {
    Optional<RecordedVerdict> read(byte[] canonicalRecord);
  }
}
