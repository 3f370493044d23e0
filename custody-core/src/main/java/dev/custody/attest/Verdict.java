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
 * @param signer the certificate identity of a Sigstore signature, when a certificate signed it
 * @param logEntry the transparency-log entry a Sigstore bundle was checked against, if any
 */
public record Verdict(
    boolean verified,
    String reason,
    @Nullable String keyid,
    List<Check> checks,
    String verifier,
    @Nullable Instant time,
    @Nullable Signer signer,
    @Nullable LogEntry logEntry) {
  /** The verifier's name and version, recorded with each verdict. */
  public static final String VERIFIER = "custody-attest/1";

  /** The reason given for certificate-signed attestations until Sigstore is configured. */
  public static final String SIGSTORE_NOT_CONFIGURED = "sigstore verification not configured";

  public Verdict {
    checks = List.copyOf(checks);
  }

  /** A verdict on a key-signed or unsigned attestation. */
  public Verdict(
      boolean verified,
      String reason,
      @Nullable String keyid,
      List<Check> checks,
      String verifier,
      @Nullable Instant time) {
    this(verified, reason, keyid, checks, verifier, time, null, null);
  }

  /**
   * The identity a Fulcio certificate states.
   *
   * @param san its subject alternative name (a workflow URI, an e-mail address), if any
   * @param issuer the OIDC issuer Fulcio recorded, if any
   */
  public record Signer(@Nullable String san, @Nullable String issuer) {}

  /**
   * The transparency-log entry a bundle was verified against.
   *
   * @param log the log's URL (from the trusted root), or its id in hex when the log is unknown
   * @param logIndex the entry's index in that log
   * @param integratedTime when the log says it integrated the entry (Rekor v1), else null
   * @param trustedRoot the trusted root it was checked against
   */
  public record LogEntry(
      String log, long logIndex, @Nullable Instant integratedTime, String trustedRoot) {}

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
