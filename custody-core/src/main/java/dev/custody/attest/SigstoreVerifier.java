package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.attest.Verdict.Check;
import dev.custody.attest.Verdict.Outcome;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorParseException;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.timestamp.client.TimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import dev.sigstore.trustroot.TransparencyLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Sigstore signatures offline against the trust policy's trusted roots, with
 * sigstore-java's verifiers for the parts it has (Fulcio chain and SCT, Rekor SET, inclusion proof
 * and checkpoint, RFC 3161 timestamps, signatures), and records each check as it goes so a verdict
 * says which one failed. sigstore-java's {@code KeylessVerifier} is not used whole: it stops at the
 * first failure without naming the check, cannot read v0.1 bundles whose entry has only an
 * inclusion promise (the SET), nor DSSE bundles whose subjects have no SHA-256, and it does not
 * check the signing time against the certificate's validity; those are done here.
 *
 * <p>The signing time is what the log or a timestamp authority proves: the log-integrated time when
 * its SET verifies, and each verified RFC 3161 time. The certificate must be valid at each, never
 * "now", so bundles from 2022–2023 verify today. A bundle verifies against one root; when several
 * are trusted, the first that verifies it wins, else the verdict reports the root that got
 * furthest. Thread safe; bytes in, checks out, no network.
 */
final class SigstoreVerifier {
  /** More RFC 3161 timestamps than this in a bundle are refused (as sigstore-python does). */
  static final int MAX_TIMESTAMPS = 32;

  /** More checkpoint signatures than this are refused (as sigstore-java does). */
  static final int MAX_CHECKPOINT_SIGNATURES = 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISSUER_OID = "1.3.6.1.4.1.57264.1.8";
  private static final String ISSUER_OID_V1 = "1.3.6.1.4.1.57264.1.1";

  private final List<SigstoreRoots.Root> roots;

  SigstoreVerifier(List<SigstoreRoots.Root> roots) {
    this.roots = List.copyOf(roots);
  }

  boolean configured() {
    return !roots.isEmpty();
  }

  /** What a Sigstore verification concluded against the root that decided it. */
  record Result(
      List<Check> checks,
      boolean verified,
      Verdict.@Nullable Signer signer,
      Verdict.@Nullable LogEntry logEntry) {}

  /** What is signed and by what signature: a DSSE envelope's PAE or a message digest. */
  record Signed(
      @Nullable DsseEnvelope envelope,
      byte[] signature,
      byte @Nullable [] messageDigest,
      String digestAlgorithm) {}

  /** A certificate-signed bundle. */
  Result bundle(Attestation a, SigstoreBundle b, @Nullable String artifactDigest) {
    List<Result> tried = new ArrayList<>();
    for (SigstoreRoots.Root root : roots) {
      Result r = bundleWith(root, a, b, artifactDigest);
      if (r.verified()) {
        return r;
      }
      tried.add(r);
    }
    return furthest(tried);
  }

  /**
   * The transparency-log checks of a key-signed bundle (npm publish attestations), whose signature
   * was checked with a trusted key. Against the first root that knows the entry's log.
   */
  Result keySignedLog(Attestation a, SigstoreBundle b) {
    List<Result> tried = new ArrayList<>();
    for (SigstoreRoots.Root root : roots) {
      List<Check> checks = new ArrayList<>();
      RekorEntry entry = b.entries().get(0);
      DsseEnvelope env = a.envelope();
      Signed signed =
          env != null && env.signatures().size() == 1
              ? new Signed(env, env.signatures().get(0).sig(), null, "sha256")
              : new Signed(
                  null,
                  b.messageSignature() == null ? new byte[0] : b.messageSignature(),
                  b.messageDigest(),
                  b.messageDigestAlgorithm() == null ? "sha256" : b.messageDigestAlgorithm());
      checks.add(logEntryMatches(entry, signed, null));
      List<Instant> times = new ArrayList<>();
      transparencyLog(root, b, entry, checks, times);
      boolean ok = checks.stream().noneMatch(c -> c.outcome() == Outcome.FAILED);
      Result r = new Result(checks, ok, null, logEntry(root, entry, times));
      if (ok) {
        return r;
      }
      tried.add(r);
    }
    return furthest(tried);
  }

  /**
   * A DSSE envelope signed with a certificate but carrying no log entry (slsa-github-generator's
   * {@code .intoto.jsonl}): the certificate, identity and signature are checked; without a log
   * entry or timestamp nothing proves when it was signed, so it cannot verify offline.
   */
  Result envelope(DsseEnvelope env) {
    List<Result> tried = new ArrayList<>();
    for (SigstoreRoots.Root root : roots) {
      List<Check> checks = new ArrayList<>();
      Verdict.Signer signer = null;
      for (int i = 0; i < env.signatures().size(); i++) {
        DsseEnvelope.Signature s = env.signatures().get(i);
        if (s.cert() == null) {
          continue;
        }
        CertPath path = pemPath(s.cert());
        if (path == null) {
          checks.add(
              new Check("certificate-chain", Outcome.FAILED, "signature " + i + ": bad PEM"));
          continue;
        }
        signer = certificateChecks(root, path, checks);
        checks.add(signature(leaf(path), new Signed(env, s.sig(), null, "sha256")));
        break;
      }
      checks.add(
          new Check(
              "transparency-log",
              Outcome.FAILED,
              "the envelope carries no transparency-log entry or timestamp: offline, nothing proves"
                  + " when it was signed (the certificate is valid for minutes); verify it as a"
                  + " Sigstore bundle"));
      tried.add(new Result(checks, false, signer, null));
    }
    return furthest(tried);
  }

  private Result bundleWith(
      SigstoreRoots.Root root, Attestation a, SigstoreBundle b, @Nullable String artifactDigest) {
    List<Check> checks = new ArrayList<>();
    CertPath path = java.util.Objects.requireNonNull(b.certPath(), "a certificate-signed bundle");
    X509Certificate leaf = leaf(path);
    Verdict.Signer signer = certificateChecks(root, path, checks);
    RekorEntry entry = b.entries().get(0);
    Signed signed = signed(a, b, entry, artifactDigest, checks);
    if (signed != null) {
      checks.add(signature(leaf, signed));
    }
    if (b.entries().size() != 1) {
      checks.add(
          new Check(
              "log-entry",
              Outcome.FAILED,
              "a bundle must carry exactly one transparency-log entry, not " + b.entries().size()));
    } else if (signed != null) {
      checks.add(logEntryMatches(entry, signed, leaf));
    }
    List<Instant> times = new ArrayList<>();
    transparencyLog(root, b, entry, checks, times);
    timestamps(root, b, signed, checks, times);
    checks.add(signingTime(root, leaf, entry, times));
    boolean ok = checks.stream().noneMatch(c -> c.outcome() == Outcome.FAILED);
    return new Result(checks, ok, signer, logEntry(root, entry, times));
  }

  /** The chain to the root's Fulcio CAs, the embedded SCT, and the identity constraints. */
  private Verdict.@Nullable Signer certificateChecks(
      SigstoreRoots.Root root, CertPath path, List<Check> checks) {
    X509Certificate leaf = leaf(path);
    try {
      root.fulcio().verifySigningCertificate(path);
      checks.add(
          new Check(
              "certificate-chain",
              Outcome.PASSED,
              "chains to a Fulcio CA of trusted root " + root.name() + " (at its issue time)"));
      checks.add(new Check("certificate-sct", Outcome.PASSED, "a trusted CT log signed its SCT"));
    } catch (FulcioVerificationException | IOException | RuntimeException e) {
      // sigstore-java reports some certificates it cannot process unchecked: a failed check too.
      String msg = oneLine(e.getMessage());
      if (msg.contains("SCT") || msg.contains("ct logs")) {
        checks.add(
            new Check(
                "certificate-chain",
                Outcome.PASSED,
                "chains to a Fulcio CA of trusted root " + root.name()));
        checks.add(new Check("certificate-sct", Outcome.FAILED, msg));
      } else {
        checks.add(
            new Check(
                "certificate-chain",
                Outcome.FAILED,
                "does not chain to trusted root " + root.name() + ": " + msg));
        checks.add(
            new Check("certificate-sct", Outcome.SKIPPED, "the certificate chain did not verify"));
      }
    }
    String san = san(leaf);
    String issuer = issuer(leaf);
    Verdict.Signer signer = new Verdict.Signer(san, issuer);
    if (root.identities().isEmpty()) {
      checks.add(
          new Check(
              "identity",
              Outcome.SKIPPED,
              "no identity constraint configured for root "
                  + root.name()
                  + ": any identity accepted (san "
                  + san
                  + ", issuer "
                  + issuer
                  + ")"));
      return signer;
    }
    for (TrustPolicy.Identity id : root.identities()) {
      if (id.matches(san, issuer)) {
        checks.add(
            new Check(
                "identity",
                Outcome.PASSED,
                "san " + san + ", issuer " + issuer + " matches " + id));
        return signer;
      }
    }
    checks.add(
        new Check(
            "identity",
            Outcome.FAILED,
            "san "
                + san
                + ", issuer "
                + issuer
                + " matches no trusted identity "
                + root.identities()));
    return signer;
  }

  /**
   * What the bundle signs, and the artifact check: a DSSE bundle signs its envelope's PAE (its
   * subjects are checked against the artifact elsewhere); a message-signature bundle signs a
   * SHA-256 digest, the one it states, else the caller's, else the log entry's.
   */
  private @Nullable Signed signed(
      Attestation a,
      SigstoreBundle b,
      RekorEntry entry,
      @Nullable String artifactDigest,
      List<Check> checks) {
    DsseEnvelope env = a.envelope();
    if (env != null) {
      if (env.signatures().size() != 1) {
        checks.add(
            new Check(
                "signature",
                Outcome.FAILED,
                "a bundle's DSSE envelope must have exactly one signature, not "
                    + env.signatures().size()));
        return null;
      }
      return new Signed(env, env.signatures().get(0).sig(), null, "sha256");
    }
    byte[] sig = b.messageSignature() == null ? new byte[0] : b.messageSignature();
    byte[] stated = b.messageDigest();
    String alg = stated != null ? b.messageDigestAlgorithm() : givenAlgorithm(artifactDigest);
    if (alg == null) {
      alg = "sha256";
    }
    byte[] given = digestBytes(artifactDigest, alg);
    if (artifactDigest != null && given == null) {
      checks.add(
          new Check(
              "artifact-digest",
              Outcome.FAILED,
              "the bundle signs a "
                  + alg
                  + " digest; the artifact was given as "
                  + artifactDigest
                  + " (give its "
                  + alg
                  + ")"));
      return null;
    }
    if (stated != null && given != null && !Arrays.equals(stated, given)) {
      checks.add(
          new Check(
              "artifact-digest",
              Outcome.FAILED,
              "the bundle signs "
                  + alg
                  + ":"
                  + hex(stated)
                  + ", the artifact is "
                  + alg
                  + ":"
                  + hex(given)));
      return null;
    }
    byte[] digest = stated != null ? stated : given != null ? given : loggedDigest(entry);
    if (digest == null) {
      checks.add(
          new Check(
              "artifact-digest",
              Outcome.FAILED,
              "the bundle states no digest and none was given: give the artifact or its digest"));
      return null;
    }
    checks.add(
        given != null
            ? new Check("artifact-digest", Outcome.PASSED, "the bundle signs the artifact")
            : new Check(
                "artifact-digest",
                Outcome.SKIPPED,
                "no artifact given; the bundle signs " + alg + ":" + hex(digest)));
    return new Signed(null, sig, digest, alg);
  }

  private static Check signature(X509Certificate leaf, Signed s) {
    try {
      var v = Verifiers.newVerifier(leaf.getPublicKey());
      boolean ok =
          s.envelope() != null
              ? v.verify(s.envelope().pae(), s.signature())
              : v.verifyDigest(s.messageDigest(), s.signature());
      return ok
          ? new Check(
              "signature",
              Outcome.PASSED,
              (s.envelope() != null ? "the DSSE signature" : "the message signature")
                  + " verifies with the certificate's key")
          : new Check(
              "signature",
              Outcome.FAILED,
              (s.envelope() != null ? "the DSSE signature" : "the message signature")
                  + " does not verify with the certificate's key");
    } catch (GeneralSecurityException | RuntimeException e) {
      return new Check(
          "signature",
          Outcome.FAILED,
          "the signature cannot be checked: " + oneLine(e.getMessage()));
    }
  }

  /** Whether {@code sig} signs the prehashed {@code digest} with {@code key}. */
  static boolean verifiesDigest(java.security.PublicKey key, byte[] digest, byte[] sig) {
    try {
      return Verifiers.newVerifier(key).verifyDigest(digest, sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The log entry must be the one for this signature: same signature, same certificate when it
   * names one, and the digest of what was signed (the payload for dsse/intoto entries, the PAE for
   * a Rekor v2 hashedrekord over DSSE, the message digest for hashedrekord).
   */
  static Check logEntryMatches(RekorEntry entry, Signed s, @Nullable X509Certificate leaf) {
    JsonNode body;
    try {
      body = JSON.readTree(Base64.getDecoder().decode(entry.getBody()));
    } catch (IOException | IllegalArgumentException e) {
      return new Check("log-entry", Outcome.FAILED, "the log entry's body is not JSON");
    }
    String kind = body.path("kind").asText("") + ":" + body.path("apiVersion").asText("");
    JsonNode spec = body.path("spec");
    byte[] digest;
    List<byte[]> sigs = new ArrayList<>();
    List<byte[]> signers = new ArrayList<>();
    String digestAlg;
    try {
      switch (kind) {
        case "hashedrekord:0.0.1" -> {
          digestAlg = spec.path("data").path("hash").path("algorithm").asText("");
          digest = HexFormat.of().parseHex(spec.path("data").path("hash").path("value").asText(""));
          sigs.add(b64(spec.path("signature").path("content")));
          signers.add(pemDer(b64(spec.path("signature").path("publicKey").path("content"))));
        }
        case "hashedrekord:0.0.2" -> {
          JsonNode h = spec.path("hashedRekordV002");
          digestAlg =
              h.path("data").path("algorithm").asText("").equals("SHA2_256") ? "sha256" : "";
          digest = b64(h.path("data").path("digest"));
          sigs.add(b64(h.path("signature").path("content")));
          signers.add(
              b64(h.path("signature").path("verifier").path("x509Certificate").path("rawBytes")));
        }
        case "dsse:0.0.1" -> {
          digestAlg = spec.path("payloadHash").path("algorithm").asText("");
          digest = HexFormat.of().parseHex(spec.path("payloadHash").path("value").asText(""));
          for (JsonNode sig : spec.path("signatures")) {
            sigs.add(b64(sig.path("signature")));
            signers.add(pemDer(b64(sig.path("verifier"))));
          }
        }
        case "dsse:0.0.2" -> {
          JsonNode d = spec.path("dsseV002");
          digestAlg = d.path("payloadHash").path("algorithm").asText("");
          digest = b64(d.path("payloadHash").path("digest"));
          for (JsonNode sig : d.path("signatures")) {
            sigs.add(b64(sig.path("content")));
            signers.add(b64(sig.path("verifier").path("x509Certificate").path("rawBytes")));
          }
        }
        case "intoto:0.0.2" -> {
          JsonNode c = spec.path("content");
          digestAlg = c.path("payloadHash").path("algorithm").asText("");
          digest = HexFormat.of().parseHex(c.path("payloadHash").path("value").asText(""));
          for (JsonNode sig : c.path("envelope").path("signatures")) {
            // intoto entries hold the base64 signature base64-encoded again.
            sigs.add(Base64.getDecoder().decode(b64(sig.path("sig"))));
            signers.add(pemDer(b64(sig.path("publicKey"))));
          }
        }
        default -> {
          return new Check("log-entry", Outcome.FAILED, "unsupported log entry kind " + kind);
        }
      }
    } catch (IllegalArgumentException e) {
      return new Check(
          "log-entry",
          Outcome.FAILED,
          "the " + kind + " log entry is malformed: " + e.getMessage());
    }
    String alg = SigstoreBundle.algorithm(digestAlg);
    if (alg == null || !alg.equals(s.digestAlgorithm())) {
      return new Check(
          "log-entry",
          Outcome.FAILED,
          "the log entry's digest is " + digestAlg + ", the bundle's " + s.digestAlgorithm());
    }
    byte[] want;
    if (s.envelope() == null) {
      want = s.messageDigest();
      if (!kind.startsWith("hashedrekord:")) {
        return new Check("log-entry", Outcome.FAILED, "a message signature logged as " + kind);
      }
    } else {
      want = sha256(kind.startsWith("hashedrekord:") ? s.envelope().pae() : s.envelope().payload());
    }
    if (!Arrays.equals(digest, want)) {
      return new Check(
          "log-entry",
          Outcome.FAILED,
          "the log entry ("
              + kind
              + ") is for another artifact or payload: it logs sha256:"
              + hex(digest));
    }
    if (sigs.size() != 1 || !Arrays.equals(sigs.get(0), s.signature())) {
      return new Check(
          "log-entry",
          Outcome.FAILED,
          "the log entry (" + kind + ") holds a different signature than the bundle");
    }
    if (leaf != null && signers.get(0) != null && signers.get(0).length > 0) {
      try {
        if (!Arrays.equals(signers.get(0), leaf.getEncoded())) {
          return new Check(
              "log-entry",
              Outcome.FAILED,
              "the log entry (" + kind + ") names a different certificate than the bundle");
        }
      } catch (CertificateException e) {
        return new Check("log-entry", Outcome.FAILED, "the certificate cannot be encoded");
      }
    }
    return new Check(
        "log-entry",
        Outcome.PASSED,
        "the " + kind + " entry logs this signature" + (leaf != null ? " and certificate" : ""));
  }

  /**
   * The entry's log must be a trusted log; its SET (signed entry timestamp, Rekor v1), inclusion
   * proof and signed checkpoint must verify. A v0.1 bundle may carry only the SET (its log's
   * promise); later versions must carry the inclusion proof with its checkpoint.
   */
  private static void transparencyLog(
      SigstoreRoots.Root root,
      SigstoreBundle b,
      RekorEntry entry,
      List<Check> checks,
      List<Instant> times) {
    byte[] logId = HexFormat.of().parseHex(entry.getLogID());
    TransparencyLog tlog = TransparencyLog.find(root.trustedRoot().getTLogs(), logId).orElse(null);
    if (tlog == null) {
      checks.add(
          new Check(
              "log-key",
              Outcome.FAILED,
              "the entry's log " + hex(logId) + " is not a log of trusted root " + root.name()));
      checks.add(new Check("log-set", Outcome.SKIPPED, "the log is not trusted"));
      checks.add(new Check("inclusion-proof", Outcome.SKIPPED, "the log is not trusted"));
      checks.add(new Check("checkpoint", Outcome.SKIPPED, "the log is not trusted"));
      return;
    }
    checks.add(new Check("log-key", Outcome.PASSED, "logged by " + tlog.getBaseUrl()));
    String set = entry.getVerification().getSignedEntryTimestamp();
    boolean hasSet = set != null && !set.isEmpty();
    boolean setOk = false;
    if (hasSet) {
      try {
        setOk =
            Verifiers.newVerifier(tlog.getPublicKey().toJavaPublicKey())
                .verify(entry.getSignableContent(), Base64.getDecoder().decode(set));
      } catch (GeneralSecurityException | RuntimeException e) {
        setOk = false;
      }
      checks.add(
          setOk
              ? new Check(
                  "log-set",
                  Outcome.PASSED,
                  "the log signed the entry at integrated time " + entry.getIntegratedTimeInstant())
              : new Check(
                  "log-set",
                  Outcome.FAILED,
                  "the signed entry timestamp does not verify with the log's key"));
      if (setOk && entry.getIntegratedTime() > 0) {
        times.add(entry.getIntegratedTimeInstant());
      }
    } else {
      checks.add(
          new Check("log-set", Outcome.SKIPPED, "no signed entry timestamp (a Rekor v2 entry)"));
    }
    if (entry.getVerification().getInclusionProof() == null) {
      if (b.version().equals("0.1") && setOk) {
        checks.add(
            new Check(
                "inclusion-proof",
                Outcome.SKIPPED,
                "a v0.1 bundle without an inclusion proof: the SET is the log's promise"));
        checks.add(new Check("checkpoint", Outcome.SKIPPED, "no inclusion proof"));
      } else {
        checks.add(
            new Check(
                "inclusion-proof",
                Outcome.FAILED,
                "the entry has no inclusion proof (required from bundle v0.2, or without a SET)"));
        checks.add(new Check("checkpoint", Outcome.SKIPPED, "no inclusion proof"));
      }
      return;
    }
    if (hasSet && !setOk) {
      checks.add(new Check("inclusion-proof", Outcome.SKIPPED, "the SET did not verify"));
      checks.add(new Check("checkpoint", Outcome.SKIPPED, "the SET did not verify"));
      return;
    }
    checks.add(inclusionProof(entry));
    checks.add(checkpoint(entry, tlog, logId));
  }

  /** The RFC 6962 inclusion proof of the entry's leaf, with sigstore-java's verifier. */
  private static Check inclusionProof(RekorEntry entry) {
    RekorEntry.InclusionProof proof = entry.getVerification().getInclusionProof();
    try {
      byte[] body = Base64.getDecoder().decode(entry.getBody());
      byte[] leaf = new byte[body.length + 1];
      System.arraycopy(body, 0, leaf, 1, body.length);
      List<byte[]> hashes = new ArrayList<>();
      for (String h : proof.getHashes()) {
        hashes.add(HexFormat.of().parseHex(h));
      }
      InclusionProofVerifier.verify(
          sha256(leaf),
          proof.getLogIndex(),
          proof.getTreeSize(),
          hashes,
          HexFormat.of().parseHex(proof.getRootHash()));
      return new Check(
          "inclusion-proof",
          Outcome.PASSED,
          "entry "
              + proof.getLogIndex()
              + " is in the tree of size "
              + proof.getTreeSize()
              + " (RFC 6962)");
    } catch (InclusionProofVerificationException | RuntimeException e) {
      return new Check(
          "inclusion-proof",
          Outcome.FAILED,
          "the inclusion proof does not verify: " + oneLine(e.getMessage()));
    }
  }

  /**
   * The checkpoint (a C2SP signed note) must commit to the proof's root and be signed by the log: a
   * signature whose key hint is the log's (the first four bytes of its key id) verifies with the
   * log's key. Matched by key hint, not by the note's name, which differs from the log's URL host
   * in some deployments (the conformance suite's localhost:8000).
   */
  private static Check checkpoint(RekorEntry entry, TransparencyLog tlog, byte[] logId) {
    RekorEntry.InclusionProof proof = entry.getVerification().getInclusionProof();
    RekorEntry.Checkpoint cp;
    try {
      cp = proof.parsedCheckpoint();
    } catch (RekorParseException | RuntimeException e) {
      return new Check(
          "checkpoint", Outcome.FAILED, "no readable checkpoint: " + oneLine(e.getMessage()));
    }
    if (cp.getSignatures().size() > MAX_CHECKPOINT_SIGNATURES) {
      return new Check(
          "checkpoint", Outcome.FAILED, cp.getSignatures().size() + " signatures is too many");
    }
    byte[] root = HexFormat.of().parseHex(proof.getRootHash());
    byte[] cpRoot;
    try {
      cpRoot = Base64.getDecoder().decode(cp.getBase64Hash());
    } catch (IllegalArgumentException e) {
      return new Check("checkpoint", Outcome.FAILED, "the checkpoint's root hash is not base64");
    }
    if (!Arrays.equals(root, cpRoot)) {
      return new Check(
          "checkpoint", Outcome.FAILED, "the checkpoint's root is not the inclusion proof's root");
    }
    byte[] hint = Arrays.copyOf(logId, 4);
    boolean hinted = false;
    for (RekorEntry.CheckpointSignature sig : cp.getSignatures()) {
      if (!Arrays.equals(sig.getKeyHint(), hint)) {
        continue;
      }
      hinted = true;
      try {
        if (Verifiers.newVerifier(tlog.getPublicKey().toJavaPublicKey())
            .verify(cp.getSignedData().getBytes(StandardCharsets.UTF_8), sig.getSignature())) {
          return new Check(
              "checkpoint",
              Outcome.PASSED,
              "the log signed checkpoint '" + cp.getOrigin() + "' of size " + cp.getSize());
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // a malformed signature does not verify; try the next one with this hint
      }
    }
    return new Check(
        "checkpoint",
        Outcome.FAILED,
        hinted
            ? "the checkpoint's signature by the log's key does not verify"
            : "no checkpoint signature has the log's key hint " + hex(hint));
  }

  /** Each RFC 3161 timestamp must be over the signature, by a trusted TSA; no repeats. */
  private static void timestamps(
      SigstoreRoots.Root root,
      SigstoreBundle b,
      @Nullable Signed signed,
      List<Check> checks,
      List<Instant> times) {
    List<byte[]> ts = b.timestamps();
    if (ts.isEmpty()) {
      checks.add(new Check("timestamp", Outcome.SKIPPED, "no RFC 3161 timestamp in the bundle"));
      return;
    }
    if (ts.size() > MAX_TIMESTAMPS) {
      checks.add(
          new Check(
              "timestamp",
              Outcome.FAILED,
              "too many timestamps: " + ts.size() + " (at most " + MAX_TIMESTAMPS + ")"));
      return;
    }
    for (int i = 0; i < ts.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (Arrays.equals(ts.get(i), ts.get(j))) {
          checks.add(
              new Check("timestamp", Outcome.FAILED, "duplicate timestamps " + j + " and " + i));
          return;
        }
      }
    }
    if (signed == null) {
      checks.add(new Check("timestamp", Outcome.SKIPPED, "no signature to timestamp"));
      return;
    }
    List<Instant> got = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) {
      try {
        TimestampResponse r = ImmutableTimestampResponse.builder().encoded(ts.get(i)).build();
        root.timestamps().verify(r, signed.signature());
        got.add(r.getGenTime().toInstant());
      } catch (TimestampException | TimestampVerificationException | RuntimeException e) {
        ignored.add("timestamp " + i + ": " + oneLine(e.getMessage()));
      }
    }
    if (got.isEmpty() && times.isEmpty()) {
      // Nothing else proves the signing time: the timestamps were the proof, and none holds.
      checks.add(
          new Check(
              "timestamp",
              Outcome.FAILED,
              "no timestamp verifies with a trusted TSA: " + String.join("; ", ignored)));
      return;
    }
    times.addAll(got);
    if (got.isEmpty()) {
      // As sigstore-python does: a timestamp that does not verify proves nothing and is ignored;
      // the log's verified integrated time is the signing time.
      checks.add(
          new Check(
              "timestamp",
              Outcome.SKIPPED,
              "ignored, not by a trusted TSA (the log's integrated time is used): "
                  + String.join("; ", ignored)));
      return;
    }
    checks.add(
        new Check(
            "timestamp",
            Outcome.PASSED,
            got.size()
                + " RFC 3161 timestamp(s) by a trusted TSA over the signature: "
                + got
                + (ignored.isEmpty() ? "" : "; ignored " + String.join("; ", ignored))));
  }

  /**
   * The certificate must be valid at every proven signing time, and the log's key valid then; at
   * least one time must be proven (a verified SET's integrated time or an RFC 3161 timestamp).
   */
  private static Check signingTime(
      SigstoreRoots.Root root, X509Certificate leaf, RekorEntry entry, List<Instant> times) {
    if (times.isEmpty()) {
      return new Check(
          "signing-time",
          Outcome.FAILED,
          "no verified signing time: neither a verified SET nor a verified RFC 3161 timestamp");
    }
    Instant from = leaf.getNotBefore().toInstant();
    Instant to = leaf.getNotAfter().toInstant();
    for (Instant t : times) {
      if (t.isBefore(from) || t.isAfter(to)) {
        return new Check(
            "signing-time",
            Outcome.FAILED,
            "signed at " + t + ", outside the certificate's validity " + from + " – " + to);
      }
    }
    byte[] logId = HexFormat.of().parseHex(entry.getLogID());
    for (Instant t : times) {
      if (TransparencyLog.find(root.trustedRoot().getTLogs(), logId, t).isEmpty()) {
        return new Check(
            "signing-time",
            Outcome.FAILED,
            "the entry's log key was not valid at " + t + " in trusted root " + root.name());
      }
    }
    return new Check(
        "signing-time",
        Outcome.PASSED,
        "the certificate (" + from + " – " + to + ") was valid when signed: " + times);
  }

  private static Verdict.@Nullable LogEntry logEntry(
      SigstoreRoots.Root root, RekorEntry entry, List<Instant> times) {
    byte[] logId = HexFormat.of().parseHex(entry.getLogID());
    String log =
        TransparencyLog.find(root.trustedRoot().getTLogs(), logId)
            .map(t -> t.getBaseUrl().toString())
            .orElse(hex(logId));
    Instant integrated = entry.getIntegratedTime() > 0 ? entry.getIntegratedTimeInstant() : null;
    return new Verdict.LogEntry(log, entry.getLogIndex(), integrated, root.name());
  }

  /** The result whose first failure comes latest (the root that got furthest). */
  private static Result furthest(List<Result> tried) {
    Result best = tried.get(0);
    for (Result r : tried) {
      if (firstFailure(r) > firstFailure(best)) {
        best = r;
      }
    }
    return best;
  }

  private static int firstFailure(Result r) {
    for (int i = 0; i < r.checks().size(); i++) {
      if (r.checks().get(i).outcome() == Outcome.FAILED) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static byte @Nullable [] loggedDigest(RekorEntry entry) {
    try {
      JsonNode body = JSON.readTree(Base64.getDecoder().decode(entry.getBody()));
      JsonNode spec = body.path("spec");
      if (spec.has("hashedRekordV002")) {
        return b64(spec.path("hashedRekordV002").path("data").path("digest"));
      }
      String hex = spec.path("data").path("hash").path("value").asText("");
      return hex.isEmpty() ? null : HexFormat.of().parseHex(hex);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  static @Nullable String san(X509Certificate cert) {
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names == null) {
        return null;
      }
      for (List<?> n : names) {
        int type = (Integer) n.get(0);
        if (type == 1 || type == 6) {
          return String.valueOf(n.get(1));
        }
      }
      return null;
    } catch (CertificateException e) {
      return null;
    }
  }

  /** The OIDC issuer Fulcio records (the v2 extension, DER UTF8String, or the v1 raw one). */
  static @Nullable String issuer(X509Certificate cert) {
    try {
      byte[] v2 = cert.getExtensionValue(ISSUER_OID);
      if (v2 != null) {
        byte[] inner = ASN1OctetString.getInstance(v2).getOctets();
        return ((ASN1String) ASN1Primitive.fromByteArray(inner)).getString();
      }
      byte[] v1 = cert.getExtensionValue(ISSUER_OID_V1);
      if (v1 != null) {
        return new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static X509Certificate leaf(CertPath path) {
    return (X509Certificate) path.getCertificates().get(0);
  }

  private static @Nullable CertPath pemPath(String pem) {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      List<Certificate> certs =
          new ArrayList<>(
              f.generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
      return certs.isEmpty() ? null : f.generateCertPath(certs);
    } catch (CertificateException e) {
      return null;
    }
  }

  /** A PEM certificate's DER, or empty when it holds a public key (key-signed entries). */
  private static byte[] pemDer(byte[] pem) {
    String text = new String(pem, StandardCharsets.UTF_8);
    if (!text.contains("BEGIN CERTIFICATE")) {
      return new byte[0];
    }
    CertPath p = pemPath(text);
    try {
      return p == null ? new byte[0] : p.getCertificates().get(0).getEncoded();
    } catch (CertificateException e) {
      return new byte[0];
    }
  }

  private static byte[] b64(JsonNode v) {
    return Base64.getDecoder().decode(v.asText(""));
  }

  private static @Nullable String givenAlgorithm(@Nullable String digest) {
    if (digest == null || digest.indexOf(':') < 0) {
      return null;
    }
    return SigstoreBundle.algorithm(digest.substring(0, digest.indexOf(':')));
  }

  /** The bytes of an {@code <alg>:<hex>} digest when it is of algorithm {@code alg}, else null. */
  private static byte @Nullable [] digestBytes(@Nullable String digest, String alg) {
    if (digest == null || !alg.equals(givenAlgorithm(digest))) {
      return null;
    }
    try {
      byte[] b = HexFormat.of().parseHex(digest.substring(digest.indexOf(':') + 1));
      return b.length == SigstoreBundle.digestLength(alg) ? b : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String oneLine(@Nullable String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }
}
