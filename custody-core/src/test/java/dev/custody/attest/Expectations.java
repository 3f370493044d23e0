package dev.custody.attest;

import dev.custody.attest.AttestationAgreementTest.Setup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What testdata/MANIFEST.md states for each attestation file, as an outcome of Custody's verifier,
 * and how MANIFEST says to verify it (trusted root, identity, artifact). Files not listed here are
 * support files: trusted roots and keys ({@code loads}), artifacts, READMEs ({@code support}).
 *
 * <p>Where MANIFEST's word needs reading, the comment says how it was read:
 *
 * <ul>
 *   <li>"must fail to load" / malformed: {@code refused} (a 400 naming the member);
 *   <li>"MUST FAIL" naming why: the check that says so ({@code fails:<check>});
 *   <li>slsa-github-generator's legacy {@code .intoto.jsonl} envelopes (a certificate, no log
 *       entry): MANIFEST's caveat says upstream verifies them online (Rekor lookup) and offline
 *       only the signature, chain and subjects can be checked; a correct offline verifier leaves
 *       them unverified at {@code transparency-log} (no proven signing time), after the
 *       certificate, identity and signature checks pass, or earlier when one of those fails.
 * </ul>
 */
final class Expectations {
  static final Map<String, String> ALL = new LinkedHashMap<>();

  static final String SLSA_GENERATOR =
      "https://github\\.com/slsa-framework/slsa-github-generator/\\.github/workflows/[^@]+"
          + "@refs/(heads/main|tags/v[0-9]+\\.[0-9]+\\.[0-9]+(-rc\\.[0-9]+)?)";
  static final String BCR =
      "https://github\\.com/bazel-contrib/\\.github/\\.github/workflows/release_ruleset\\.yaml"
          + "@refs/tags/v.+";

  private Expectations() {}

  private static void put(String file, String outcome) {
    ALL.put(file, outcome);
  }

  /**
   * What MANIFEST expects of a file: its row above, else {@code loads} for the trusted roots and
   * public keys it lists, else {@code support} (artifacts, READMEs, digests, predicates).
   */
  static String expected(String rel, String name) {
    String listed = ALL.get(rel);
    if (listed != null) {
      return listed;
    }
    if (AttestationAgreementTest.isTrustedRoot(name) || AttestationAgreementTest.isKey(name)) {
      return name.endsWith(".jsonl") ? "support" : "loads";
    }
    return "support";
  }

  static {
    // dsse/: VALID with the named keys.
    put("dsse/dsse-spec/helloworld.envelope.json", "verified");
    put("dsse/in-toto-golang/update-version-dsse.776a00e2.link", "verified");
    put("dsse/in-toto-python/write-code.776a00e2.link", "verified");

    // slsa/gcb: keys/*.pem.
    put("slsa/gcb/gcloud-container-gcs.json", "verified");
    put("slsa/gcb/gcloud-container-multiple-signatures-3rdvalid.json", "verified");
    put("slsa/gcb/gcloud-container-multiple-signatures-global-pae-valid.json", "verified");
    put("slsa/gcb/gcloud-container-empty-keyid.json", "fails:signature");
    put("slsa/gcb/gcloud-container-invalid-keyid.json", "fails:signature");
    put("slsa/gcb/gcloud-container-invalid-signature-global-pae-key.json", "fails:signature");
    put("slsa/gcb/gcloud-container-invalid-signature-region.json", "fails:signature");
    put("slsa/gcb/gcloud-container-invalid-signature.json", "fails:signature");
    // ErrorMismatchHash: the signature is valid, the image summary is not a subject.
    put("slsa/gcb/gcloud-container-invalid-fullyqualifieddigest.json", "fails:image-summary");
    // "not valid JSON ... must be rejected at parse".
    put("slsa/gcb/gcloud-container-no-signature.json", "refused");

    // slsa/gha: legacy envelopes (see the class comment).
    put("slsa/gha/annotated-tag.intoto.jsonl", "fails:transparency-log");
    put("slsa/gha/binary-linux-amd64-e2e-builder-repo.intoto.jsonl", "fails:transparency-log");
    put("slsa/gha/binary-linux-amd64-multi-subject-first.intoto.jsonl", "fails:transparency-log");
    put(
        "slsa/gha/gha_generic-v1.10.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
        "fails:transparency-log");
    put(
        "slsa/gha/gha_generic-v1.2.1-binary-linux-amd64-push-v4.5.6.intoto.jsonl",
        "fails:transparency-log");
    put(
        "slsa/gha/gha_generic-v1.5.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
        "fails:transparency-log");
    // Same, but its 2022-07 certificate's issuing CA (key id 58:C0:1E:5F…) is not in the
    // public-good trusted root (openssl verify -attime agrees): offline, the chain cannot verify.
    put(
        "slsa/gha/gha_generic-v1.2.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
        "fails:certificate-chain");
    // ErrorUntrustedReusableWorkflow: the certificate names another builder.
    put("slsa/gha/binary-linux-amd64-untrusted-builder.intoto.jsonl", "fails:identity");
    // Bare envelopes without a certificate: MANIFEST says the upstream test does not check the
    // signature (trusted) or fails on the builder id (untrusted); nothing trusted signed either.
    put("slsa/gha/bazel-trusted-dsseEnvelope.build.slsa", "fails:signature");
    put("slsa/gha/bazel-untrusted-dsseEnvelope.sigstore", "fails:signature");
    // Sigstore bundles.
    put("slsa/gha/bcr-rules_lint-v1.3.1.tar.gz.intoto.jsonl", "verified");
    put("slsa/gha/bcr-MODULE-wrong-signer.bazel.intoto.jsonl", "fails:identity");
    put("slsa/gha/bundle-attestation.intoto.sigstore", "verified");
    // "tampered DSSE material; must FAIL overall": the log entry is for other material.
    put("slsa/gha/bundle-invalid-dsse-sig.intoto.sigstore", "fails:log-entry");
    put("slsa/gha/bundle-invalid-set.intoto.sigstore", "fails:log-set");
    // ErrorMismatchSignature: the Rekor entry is for a different signature.
    put("slsa/gha/bundle-mismatch-tlog.intoto.sigstore", "fails:log-entry");
    for (String f :
        new String[] {
          "gha_container-based-v1.7.0-binary-linux-amd64-workflow_dispatch.intoto.sigstore",
          "gha_container-based-v1.8.0-binary-linux-amd64-push-v14.2.intoto.jsonl",
          "gha_container-based-v2.1.0-binary-linux-amd64-workflow_dispatch.intoto.build.slsa",
          "gha_delegator-v1.9.0-binary-linux-amd64-workflow_dispatch.build.slsa",
          "gha_delegator-v2.1.0-binary-linux-amd64-workflow_dispatch.build.slsa",
          "gha_generic-v2.1.0-binary-linux-amd64-push-v14.2.intoto.jsonl",
          "gha_generic-v2.1.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
          "gha_go-v2.1.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl"
        }) {
      put("slsa/gha/" + f, "verified");
    }
    // The tampered publish statement's subject digest is a bare string: refused as a subject
    // without digests (AttestationVerifierTest pins the pointer).
    put("slsa/gha/npm-att-publish-invalid-signature.intoto.sigstore", "refused");
    // npm: the publish attestation (registry key) and the provenance (Fulcio), in file order.
    put(
        "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigprov.tgz.json",
        "verified,fails:signature");
    put(
        "slsa/npm/npm-supreme-googles-cli-v02-tag-invalidsigpub.tgz.json",
        "fails:signature,verified");

    // sigstore/conformance.
    String c = "sigstore/conformance/bundle-verify/";
    put(c + "bundle-invalid-base64-signature_fail/bundle.sigstore.json", "refused");
    put(c + "bundle-malformed-json_fail/bundle.sigstore.json", "refused");
    put(c + "bundle-unknown-version_fail/bundle.sigstore.json", "refused");
    put(c + "checkpoint-bad-keyhint_fail/bundle.sigstore.json", "fails:checkpoint");
    put(c + "dsse-invalid-sig_fail/bundle.sigstore.json", "fails:signature");
    put(c + "dsse-mismatch-envelope_fail/bundle.sigstore.json", "fails:log-entry");
    put(c + "happy-path-intoto-in-dsse-v3/bundle.sigstore.json", "verified");
    put(c + "happy-path-v0.1/bundle.sigstore.json", "verified");
    put(c + "happy-path-v0.2/bundle.sigstore.json", "verified");
    put(c + "incorrect-public-key_fail/bundle.sigstore.json", "fails:log-entry");
    // "issued outside the validity window defined in trusted root".
    put(c + "intoto-expired-certificate_fail/bundle.sigstore.json", "fails:certificate-chain");
    put(
        c + "intoto-set-outside-signing-cert-validity_fail/bundle.sigstore.json",
        "fails:signing-time");
    put(c + "intoto-with-custom-trust-root/bundle.sigstore.json", "verified");
    put(c + "invalid-ct-key_fail/bundle.sigstore.json", "fails:certificate-sct");
    // "The inclusion proof is old and is not valid for this entry": the old proof also lacks the
    // signed checkpoint a v0.2 bundle's proof must carry, so it is refused naming
    // /verificationMaterial/tlogEntries/0/inclusionProof/checkpoint before any proof is checked.
    put(c + "invalid-inclusion-proof_fail/bundle.sigstore.json", "refused");
    put(c + "managed-key-no-key_fail/bundle.sigstore.json", "fails:signature");
    put(c + "rekor2-checkpoint-multiple-cosigs/bundle.sigstore.json", "verified");
    put(c + "rekor2-dsse-happy-path/bundle.sigstore.json", "verified");
    put(c + "rekor2-dsse-invalid-sig_fail/bundle.sigstore.json", "fails:signature");
    put(c + "rekor2-dsse-mismatch-sig_fail/bundle.sigstore.json", "fails:log-entry");
    put(c + "rekor2-happy-path/bundle.sigstore.json", "verified");
    put(c + "rekor2-no-inclusion-proof_fail/bundle.sigstore.json", "fails:inclusion-proof");
    put(
        c + "rekor2-timestamp-outside-trust-root-tsa-validity_fail/bundle.sigstore.json",
        "fails:timestamp");
    put(
        c + "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail/bundle.sigstore.json",
        "fails:timestamp");
    put(c + "rekor2-timestamp-with-expired-cert-chain/bundle.sigstore.json", "verified");
    // "the timestamp time is outside the signing certificate lifetime".
    put(c + "rekor2-timestamp-with-incorrect-time_fail/bundle.sigstore.json", "fails:signing-time");
    put(c + "rekor2-timestamp-without-embedded-cert/bundle.sigstore.json", "verified");
    put(c + "signature-mismatch_fail/bundle.sigstore.json", "fails:signature");
    // "otherwise cryptographically valid but artifact is incorrect".
    // The bundle states a.txt's digest; its hashedrekord entry logs another artifact's.
    put(c + "wrong-hashedrekord-artifact_fail/bundle.sigstore.json", "fails:log-entry");
    put(c + "wrong-hashedrekord-entry_fail/bundle.sigstore.json", "fails:log-entry");
    // "a valid bundle for the default artifact, but the artifact here is different".
    put(c + "wrong-material_fail/bundle.sigstore.json", "fails:artifact-digest");

    // sigstore/cosign: "DSSE sig VALID vs embedded cert", public-good.
    put("sigstore/cosign/oci-attestation.sigstore.json", "verified");

    // sigstore/sigstore-java.
    String j = "sigstore/sigstore-java/";
    put(j + "PKIX_ECDSA_P256_SHA_256.sigstore.json", "verified");
    put(j + "PKIX_ECDSA_P384_SHA_384.sigstore.json", "verified");
    put(j + "PKIX_ECDSA_P521_SHA_512.sigstore.json", "verified");
    put(j + "PKIX_RSA_PKCS1V15_3072_SHA256.sigstore.json", "verified");
    put(j + "bundle-no-digest.sigstore", "verified");
    put(j + "bundle-with-mismatched-set.sigstore", "fails:log-set");
    put(j + "bundle-with-timestamp.sigstore", "verified");

    // sigstore/sigstore-js: all VALID (public-good).
    for (String f :
        new String[] {
          "bundleV01-dsse-no-proof.sigstore",
          "bundleV01-full-cert-chain.sigstore",
          "bundleV01-intoto-no-proof.sigstore",
          "bundleV02-dsse.sigstore",
          "bundleV02-intoto.sigstore"
        }) {
      put("sigstore/sigstore-js/" + f, "verified");
    }

    // sigstore/sigstore-python.
    String p = "sigstore/sigstore-python/";
    // "v0.1 bundle lacking checkpoint" (a verification error upstream).
    put(p + "Python-3.12.5.tgz.sigstore", "fails:checkpoint");
    put(p + "bundle.txt.sigstore", "verified");
    // "log entry belongs to a different, valid bundle; transparency log entry is inconsistent".
    put(p + "bundle_cve_2022_36056.txt.sigstore", "fails:log-entry");
    put(p + "bundle_no_cert_v1.txt.sigstore", "refused");
    put(p + "bundle_no_checkpoint.txt.sigstore", "refused");
    put(p + "bundle_v3_alt.txt.sigstore", "verified");
    // "no inclusion promise and no signed timestamp; must be rejected".
    put(p + "bundle_v3_no_signed_time.txt.sigstore.json", "fails:signing-time");
    put(p + "staging-rekor-v2.txt.sigstore.json", "verified");
    put(p + "tsa-bundle.duplicate.sigstore", "fails:timestamp");
    put(p + "tsa-bundle.many_timestamp.sigstore", "fails:timestamp");
    put(p + "tsa-bundle.txt.sigstore", "verified");
  }

  /** The trusted root, identity and artifact MANIFEST names for an attestation file. */
  static Setup setup(String rel) {
    String dir = rel.substring(0, rel.lastIndexOf('/') + 1);
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    if (rel.startsWith("sigstore/conformance/bundle-verify/")) {
      String root =
          java.nio.file.Files.exists(
                  dev.custody.testing.TestData.resolve(dir + "trusted_root.json"))
              ? dir + "trusted_root.json"
              : SigstoreRoots.PUBLIC_GOOD;
      String artifact =
          java.nio.file.Files.exists(dev.custody.testing.TestData.resolve(dir + "artifact"))
              ? dir + "artifact"
              : AttestationAgreementTest.A_TXT;
      return new Setup(
          root,
          AttestationAgreementTest.CONFORMANCE_SAN,
          null,
          AttestationAgreementTest.GHA_ISSUER,
          artifact);
    }
    if (rel.startsWith("sigstore/sigstore-java/")) {
      String root =
          name.equals("bundle-with-timestamp.sigstore")
              ? AttestationAgreementTest.STAGING
              : SigstoreRoots.PUBLIC_GOOD;
      String san =
          name.startsWith("PKIX_")
              ? "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com"
              : null;
      String artifact = AttestationAgreementTest.A_TXT;
      if (name.contains("P384")) {
        artifact = "sha384@" + artifact;
      } else if (name.contains("P521")) {
        artifact = "sha512@" + artifact;
      }
      return new Setup(root, san, null, null, artifact);
    }
    if (rel.startsWith("sigstore/sigstore-js/")) {
      return new Setup(SigstoreRoots.PUBLIC_GOOD, "brian@dehamer.com", null, null, null);
    }
    if (rel.startsWith("sigstore/sigstore-python/")) {
      if (name.startsWith("Python-3.12.5")) {
        return new Setup(
            SigstoreRoots.PUBLIC_GOOD,
            "thomas@python.org",
            null,
            null,
            "sha256:38dc4e2c261d49c661196066edbfb70fdb16be4a79cc8220c224dfeb5636d405");
      }
      // MANIFEST: staging for the *.txt bundles; the public-good root is trusted beside it (a
      // verifier picks the root that certifies the bundle).
      String root =
          name.startsWith("tsa-")
              ? "sigstore/sigstore-python/tsa-trust_config.json," + AttestationAgreementTest.STAGING
              : AttestationAgreementTest.STAGING + "," + SigstoreRoots.PUBLIC_GOOD;
      String artifact = name.startsWith("tsa-") ? dir + "tsa-bundle.txt" : dir + artifactOf(name);
      return new Setup(root, null, null, null, artifact);
    }
    if (rel.startsWith("slsa/gha/")) {
      if (name.startsWith("bcr-")) {
        return new Setup(
            SigstoreRoots.PUBLIC_GOOD, null, BCR, AttestationAgreementTest.GHA_ISSUER, null);
      }
      if (name.startsWith("bundle-")) {
        // "not referenced by upstream tests"; MANIFEST names no identity for the asraa builder.
        return Setup.publicGood();
      }
      String artifact =
          name.startsWith("binary-linux-amd64-multi-subject-first")
              ? "sha256:482ce8c8f7e867da3a3c05a9aee637703e17470ed1cf882a9e5b405e8f82619d"
              : null;
      return new Setup(
          SigstoreRoots.PUBLIC_GOOD,
          null,
          SLSA_GENERATOR,
          AttestationAgreementTest.GHA_ISSUER,
          artifact);
    }
    return Setup.publicGood();
  }

  private static @Nullable String artifactOf(String bundle) {
    int i = bundle.indexOf(".txt");
    return i < 0 ? null : bundle.substring(0, i + 4);
  }
}
