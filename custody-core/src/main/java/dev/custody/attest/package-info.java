/**
 * Attestations (issue 5): detection and parsing of DSSE envelopes, in-toto Statements, SLSA
 * provenance, Google Cloud Build provenance, npm attestations and Sigstore bundles ({@link
 * AttestationParser}); the trust file ({@link TrustPolicy}, Sigstore trusted roots in {@link
 * SigstoreRoots}); offline verification ({@link AttestationVerifier}: bytes and keys in, a {@link
 * Verdict} out; Sigstore bundles through {@code SigstoreVerifier} on sigstore-java); the stored
 * envelope record ({@link AttestationRecords}) and its projection into the PROV graph ({@link
 * AttestationProjector}). Pure: no storage or network. See docs/TRUST.md.
 */
@NullMarked
package dev.custody.attest;

import org.jspecify.annotations.NullMarked;
