package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.attest.Verdict.Check;
import dev.custody.attest.Verdict.Outcome;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Verifies attestations offline with the JDK's crypto: DSSE PAE signatures (and GCB's legacy
 * signatures over the raw payload) against the trust policy's keys, statement subjects against an
 * artifact digest when one is given, and GCB's image summary against the subjects. Pure and thread
 * safe: bytes and keys in, a {@link Verdict} out; it never throws for a bad signature.
 *
 * <p>A signature with a key id is checked only against the trusted key of that id; one without is
 * checked against every DSSE PAE key (the DSSE spec lets a verifier try its keys). Keys marked
 * {@code raw-payload} need an exact key id, as Cloud Build's verifier does. Certificate-signed
 * (Sigstore) attestations are verified by {@link SigstoreVerifier} against the trusted roots, and
 * are unverified with {@value Verdict#SIGSTORE_NOT_CONFIGURED} when none is configured.
 */
public final class AttestationVerifier {
  private final TrustPolicy trust;
  private final SigstoreVerifier sigstore;

  public AttestationVerifier(TrustPolicy trust) {
    this.trust = trust;
    this.sigstore = new SigstoreVerifier(trust.sigstoreRoots());
  }

  /**
   * Verifies one attestation.
   *
   * @param artifactDigest {@code <alg>:<hex>} of the artifact the caller holds, or null
   */
  public Verdict verify(Attestation a, @Nullable String artifactDigest, Instant now) {
    List<Check> checks = new ArrayList<>();
    Signing signing = signature(a, artifactDigest, checks);
    if (artifactDigest != null && (a.envelope() != null || a.statement() != null)) {
      checks.add(subjectDigest(a, artifactDigest));
    }
    if (a.imageSummary() != null && a.statement() != null) {
      checks.add(imageSummary(a));
    }
    Check failed =
        checks.stream().filter(c -> c.outcome() == Outcome.FAILED).findFirst().orElse(null);
    boolean verified = signing.signed() && failed == null;
    String reason;
    if (verified) {
      reason = "all checks passed";
    } else if (failed != null) {
      reason = failed.name() + ": " + failed.detail();
    } else {
      reason =
          checks.stream()
              .filter(c -> c.outcome() == Outcome.SKIPPED)
              .map(Check::detail)
              .findFirst()
              .orElse("not signed by anything trusted");
    }
    return new Verdict(
        verified,
        reason,
        signing.keyid(),
        checks,
        Verdict.VERIFIER,
        now,
        signing.signer(),
        signing.logEntry());
  }

  /** Who signed, as far as the checks went: a trusted key, or a Sigstore certificate. */
  private record Signing(
      boolean signed,
      @Nullable String keyid,
      Verdict.@Nullable Signer signer,
      Verdict.@Nullable LogEntry logEntry) {
    static final Signing NONE = new Signing(false, null, null, null);
  }

  /** Adds the signature checks (and a bundle's Sigstore checks). */
  private Signing signature(Attestation a, @Nullable String artifactDigest, List<Check> checks) {
    JsonNode bundle = a.bundle();
    if (a.certificate() && !sigstore.configured()) {
      checks.add(new Check("signature", Outcome.SKIPPED, Verdict.SIGSTORE_NOT_CONFIGURED));
      return Signing.NONE;
    }
    if (bundle != null && a.certificate()) {
      SigstoreBundle b = SigstoreBundle.read(bundle, "", String.valueOf(a.bundleMediaType()));
      SigstoreVerifier.Result r = sigstore.bundle(a, b, artifactDigest);
      checks.addAll(r.checks());
      return new Signing(r.verified(), null, r.signer(), r.logEntry());
    }
    DsseEnvelope env = a.envelope();
    if (env != null && a.certificate()) {
      SigstoreVerifier.Result r = sigstore.envelope(env);
      checks.addAll(r.checks());
      return new Signing(false, null, r.signer(), null);
    }
    String keyid = keySignature(a, artifactDigest, checks);
    if (keyid == null || bundle == null) {
      return new Signing(keyid != null, keyid, null, null);
    }
    if (!sigstore.configured()) {
      checks.add(
          new Check(
              "transparency-log",
              Outcome.SKIPPED,
              "the bundle's transparency-log entry is not checked: no Sigstore trusted root"
                  + " configured"));
      return new Signing(true, keyid, null, null);
    }
    SigstoreBundle b = SigstoreBundle.read(bundle, "", String.valueOf(a.bundleMediaType()));
    SigstoreVerifier.Result r = sigstore.keySignedLog(a, b);
    checks.addAll(r.checks());
    return new Signing(r.verified(), keyid, null, r.logEntry());
  }

  /** Adds the key signature check; returns the verifying key id, or null. */
  private @Nullable String keySignature(
      Attestation a, @Nullable String artifactDigest, List<Check> checks) {
    DsseEnvelope env = a.envelope();
    if (env == null) {
      if (a.format() == Attestation.Format.IN_TOTO_STATEMENT) {
        checks.add(new Check("signature", Outcome.FAILED, "the statement is not signed"));
      } else if (a.bundle() != null) {
        return messageKeySignature(a, artifactDigest, checks);
      } else {
        checks.add(new Check("signature", Outcome.FAILED, "no signature"));
      }
      return null;
    }
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < env.signatures().size(); i++) {
      DsseEnvelope.Signature s = env.signatures().get(i);
      String named = s.keyid() != null ? s.keyid() : a.keyHint();
      List<TrustPolicy.TrustedKey> candidates = candidates(named);
      if (candidates.isEmpty()) {
        tried.add(
            "signature "
                + i
                + (named == null ? " (no keyid)" : " (keyid " + named + ")")
                + ": no trusted key");
        continue;
      }
      for (TrustPolicy.TrustedKey k : candidates) {
        byte[] signed = k.scheme() == TrustPolicy.Scheme.DSSE_PAE ? env.pae() : env.payload();
        if (verifies(k.key(), signed, s.sig())) {
          checks.add(
              new Check(
                  "signature",
                  Outcome.PASSED,
                  "signature "
                      + i
                      + " verifies with key "
                      + k.keyid()
                      + " ("
                      + k.algorithm()
                      + ", "
                      + k.scheme().label()
                      + ")"));
          return k.keyid();
        }
        tried.add("signature " + i + " does not verify with key " + k.keyid());
      }
    }
    checks.add(
        new Check(
            "signature", Outcome.FAILED, "no signature verifies: " + String.join("; ", tried)));
    return null;
  }

  /** A key-signed message-signature bundle: the signature over its digest, with a trusted key. */
  private @Nullable String messageKeySignature(
      Attestation a, @Nullable String artifactDigest, List<Check> checks) {
    SigstoreBundle b =
        SigstoreBundle.read(
            java.util.Objects.requireNonNull(a.bundle()), "", String.valueOf(a.bundleMediaType()));
    List<TrustPolicy.TrustedKey> candidates = candidates(a.keyHint());
    if (candidates.isEmpty()) {
      checks.add(
          new Check(
              "signature",
              Outcome.FAILED,
              "no trusted key"
                  + (a.keyHint() == null ? "" : " with keyid " + a.keyHint())
                  + " for the bundle's public key signature"));
      return null;
    }
    byte[] digest = b.messageDigest();
    byte[] sig = b.messageSignature();
    if (digest == null || sig == null) {
      checks.add(
          new Check("signature", Outcome.FAILED, "the bundle states no message digest to check"));
      return null;
    }
    if (artifactDigest != null) {
      String stated = b.messageDigestAlgorithm() + ":" + java.util.HexFormat.of().formatHex(digest);
      boolean same = stated.equalsIgnoreCase(artifactDigest);
      checks.add(
          new Check(
              "artifact-digest",
              same ? Outcome.PASSED : Outcome.FAILED,
              same
                  ? "the bundle signs the artifact"
                  : "the bundle signs " + stated + ", the artifact is " + artifactDigest));
    }
    for (TrustPolicy.TrustedKey k : candidates) {
      if (SigstoreVerifier.verifiesDigest(k.key(), digest, sig)) {
        checks.add(
            new Check(
                "signature",
                Outcome.PASSED,
                "the message signature verifies with key "
                    + k.keyid()
                    + " ("
                    + k.algorithm()
                    + ")"));
        return k.keyid();
      }
    }
    checks.add(
        new Check(
            "signature", Outcome.FAILED, "the message signature verifies with no trusted key"));
    return null;
  }

  private List<TrustPolicy.TrustedKey> candidates(@Nullable String keyid) {
    List<TrustPolicy.TrustedKey> out = new ArrayList<>();
    for (TrustPolicy.TrustedKey k : trust.keys()) {
      if (keyid != null ? k.keyid().equals(keyid) : k.scheme() == TrustPolicy.Scheme.DSSE_PAE) {
        out.add(k);
      }
    }
    return out;
  }

  /** True when {@code sig} is a valid signature of {@code data} by {@code key}. */
  static boolean verifies(PublicKey key, byte[] data, byte[] sig) {
    if (sig.length == 0) {
      return false;
    }
    for (Signature v : verifiersFor(key)) {
      try {
        v.initVerify(key);
        v.update(data);
        if (v.verify(sig)) {
          return true;
        }
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // A malformed signature for this encoding: try the next one.
      }
    }
    return false;
  }

  /**
   * The signature algorithms a key may have signed with: ECDSA in DER or raw r||s (the DSSE spec's
   * vector uses raw), RSA PKCS#1 v1.5 or PSS (in-toto's securesystemslib signs PSS).
   */
  private static List<Signature> verifiersFor(PublicKey key) {
    List<Signature> out = new ArrayList<>();
    try {
      switch (Keys.algorithm(key)) {
        case "ecdsa-p256" -> {
          out.add(Signature.getInstance("SHA256withECDSA"));
          out.add(Signature.getInstance("SHA256withECDSAinP1363Format"));
        }
        case "ecdsa-p384" -> {
          out.add(Signature.getInstance("SHA384withECDSA"));
          out.add(Signature.getInstance("SHA384withECDSAinP1363Format"));
        }
        case "ed25519" -> out.add(Signature.getInstance("Ed25519"));
        case "rsa" -> {
          out.add(Signature.getInstance("SHA256withRSA"));
          int modulusBytes = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
          for (int salt : new int[] {32, modulusBytes - 32 - 2}) {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            out.add(pss);
          }
        }
        default -> {}
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks a standard signature algorithm", e);
    }
    return out;
  }

  private static Check subjectDigest(Attestation a, String artifactDigest) {
    Statement st = a.statement();
    if (st == null) {
      return new Check("subject-digest", Outcome.FAILED, "the attestation has no subjects");
    }
    String d = artifactDigest.toLowerCase(Locale.ROOT);
    int colon = d.indexOf(':');
    String alg = colon < 0 ? "sha256" : d.substring(0, colon);
    String hex = d.substring(colon + 1);
    for (Statement.Subject s : st.subjects()) {
      if (hex.equals(s.digest().get(alg))) {
        return new Check(
            "subject-digest", Outcome.PASSED, "subject '" + s.name() + "' has " + alg + ":" + hex);
      }
    }
    return new Check("subject-digest", Outcome.FAILED, "no subject has " + alg + ":" + hex);
  }

  /** GCB: the image the summary names must be a subject, by digest. */
  private static Check imageSummary(Attestation a) {
    var summary = a.imageSummary();
    String digest = summary.path("digest").asText("");
    String fqd = summary.path("fully_qualified_digest").asText("");
    String fqdDigest = fqd.contains("@") ? fqd.substring(fqd.lastIndexOf('@') + 1) : "";
    for (String d : List.of(digest, fqdDigest)) {
      if (!isSubject(a.statement().subjects(), d)) {
        return new Check(
            "image-summary", Outcome.FAILED, "image summary digest " + d + " is not a subject");
      }
    }
    return new Check("image-summary", Outcome.PASSED, "image summary digest is a subject");
  }

  private static boolean isSubject(List<Statement.Subject> subjects, String digest) {
    int colon = digest.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String alg = digest.substring(0, colon).toLowerCase(Locale.ROOT);
    String hex = digest.substring(colon + 1).toLowerCase(Locale.ROOT);
    for (Statement.Subject s : subjects) {
      Map<String, String> d = s.digest();
      if (hex.equals(d.get(alg))) {
        return true;
      }
    }
    return false;
  }
}
