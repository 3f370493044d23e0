package dev.custody.api;

import dev.custody.attest.TrustPolicy;

/**
 * What {@code POST /v1/attestations} trusts and whether it stores what it cannot verify.
 *
 * @param trust the keys and Sigstore trusted roots signatures are verified against
 * @param requireVerified refuse (422) a request holding any unverified attestation, instead of
 *     storing it as unverified with its reason
 */
public record AttestationConfig(TrustPolicy trust, boolean requireVerified) {
  /** Trusts no key and stores everything with its verdict. */
  public static AttestationConfig defaults() {
    return new AttestationConfig(TrustPolicy.empty(), false);
  }
}
