package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One attestation found in a document, with what is needed to verify and project it.
 *
 * @param format how it arrived
 * @param entry JSON pointer to the attestation inside its document ({@code ""} for the document
 *     itself, {@code /attestations/1} in an npm attestations file)
 * @param envelope the DSSE envelope, when signed that way
 * @param statement the in-toto statement it carries, when it carries one
 * @param link a legacy in-toto link (in-toto 0.9 {@code _type: link}) payload, when it carries one
 * @param bundleMediaType the Sigstore bundle media type, for bundles
 * @param keyHint the key id a Sigstore bundle names ({@code verificationMaterial.publicKey.hint})
 * @param certificate true when the signer is identified by a certificate (Fulcio/Sigstore), not a
 *     key
 * @param imageSummary GCB's {@code image_summary}, checked against the subjects
 * @param bundle the Sigstore bundle as posted, for bundles (what {@link SigstoreVerifier} reads)
 */
public record Attestation(
    Format format,
    String entry,
    @Nullable DsseEnvelope envelope,
    @Nullable Statement statement,
    @Nullable JsonNode link,
    @Nullable String bundleMediaType,
    @Nullable String keyHint,
    boolean certificate,
    @Nullable JsonNode imageSummary,
    @Nullable JsonNode bundle) {

  /** An attestation that is not a Sigstore bundle. */
  public Attestation(
      Format format,
      String entry,
      @Nullable DsseEnvelope envelope,
      @Nullable Statement statement,
      @Nullable JsonNode link,
      @Nullable String bundleMediaType,
      @Nullable String keyHint,
      boolean certificate,
      @Nullable JsonNode imageSummary) {
    this(
        format,
        entry,
        envelope,
        statement,
        link,
        bundleMediaType,
        keyHint,
        certificate,
        imageSummary,
        null);
  }

  /** The formats Custody detects. */
  public enum Format {
    DSSE_ENVELOPE("dsse"),
    IN_TOTO_STATEMENT("in-toto-statement"),
    SIGSTORE_BUNDLE("sigstore-bundle"),
    GCB_PROVENANCE("gcb-provenance");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    /** The name used in records and answers. */
    public String label() {
      return label;
    }
  }

  /** The predicate type, or null when the attestation carries no statement. */
  public @Nullable String predicateType() {
    return statement == null ? null : statement.predicateType();
  }
}
