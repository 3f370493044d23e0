package dev.custody.attest;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What verification concluded about one attestation. Never thrown: a bad signature is a verdict.
 *
 * @param verified true only when a trusted signature verified and no check failed
 * @param reason why it is unverified, or {@code "all checks passed"}
 * @param keyid the trusted key that verified it, if any
 * @param checks every check run, in order
 * @param verifier the verifier and its version
 * @param time when the verification ran; not stored with the verdict (the record's receive time
 *     says when it was logged), so posting the same attestation again with the same outcome is the
 *     same record, as a retried POST must be; null for a verdict read back from the log
 */
public record Verdict(
    boolean verified,
    String reason,
    @Nullable String keyid,
    List<Check> checks,
    String verifier,
    @Nullable Instant time) {
  /** The verifier's name and version, recorded with each verdict. */
  public static final String VERIFIER = "custody-attest/1";

  /** The reason given for certificate-signed attestations until Sigstore is configured. */
  public static final String SIGSTORE_NOT_CONFIGURED = "sigstore verification not configured";

  public Verdict {
    checks = List.copyOf(checks);
  }

  /** One check and its outcome. */
  public record Check(String name, Outcome outcome, String detail) {}

  /** A check's outcome; {@code SKIPPED} neither passes nor fails. */
  public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
