package dev.custody.bench;

import dev.custody.attest.Attestation;
import dev.custody.attest.AttestationParser;
import dev.custody.attest.AttestationVerifier;
import dev.custody.attest.TrustPolicy;
import dev.custody.attest.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attestation verification (issue 5 targets: key-based median at most 5 ms, a keyless Sigstore
 * bundle against an offline trusted root at most 50 ms): one operation parses a real document
 * (detection, base64, the in-toto statement) and verifies it against a trust policy, as {@code POST
 * /v1/attestations} and {@code custody attest verify} do. {@code jdkVerifyOnly} is the baseline in
 * the same run: the JDK's signature check alone on the same key and bytes.
 *
 * <p>Documents (from {@code -Dcustody.testdata}, default {@code /work/shared/testdata}): {@code
 * gcb} Cloud Build provenance, ECDSA P-256 over the raw payload; {@code intoto} an in-toto link,
 * RSA-3072 PSS over DSSE PAE; {@code sigstore} a keyless Sigstore bundle (v0.3, DSSE, in-toto,
 * Fulcio certificate, Rekor v1 entry with SET, inclusion proof and checkpoint) verified against the
 * bundled public-good trusted root with an identity constraint, every check run (chain, SCT,
 * identity, signature, log entry, SET, inclusion proof, checkpoint, signing time).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AttestVerifyBenchmark {
  @Param({"gcb", "intoto", "sigstore"})
  public String doc;

  byte[] bytes;
  AttestationParser parser;
  AttestationVerifier verifier;
  PublicKey key;
  byte[] signed;
  byte[] sig;
  String algorithm;

  @Setup
  public void setup() throws Exception {
    Path root = Path.of(System.getProperty("custody.testdata", "/work/shared/testdata"));
    if (doc.equals("sigstore")) {
      setupSigstore(root);
      return;
    }
    String keyid;
    String pemFile;
    String scheme;
    if (doc.equals("gcb")) {
      bytes = Files.readAllBytes(root.resolve("slsa/gcb/gcloud-container-gcs.json"));
      keyid =
          "projects/verified-builder/locations/us-central1/keyRings/attestor/cryptoKeys/"
              + "builtByGCB/cryptoKeyVersions/1";
      pemFile = "slsa/gcb/keys/us-central1.pem";
      scheme = "raw-payload";
      algorithm = "SHA256withECDSA";
    } else {
      bytes = Files.readAllBytes(root.resolve("dsse/in-toto-python/write-code.776a00e2.link"));
      keyid = "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
      pemFile = "dsse/in-toto-python/bob.pub.pem";
      scheme = "dsse-pae";
      algorithm = "RSASSA-PSS";
    }
    String trust =
        "{\"version\":1,\"keys\":[{\"keyid\":\""
            + keyid
            + "\",\"scheme\":\""
            + scheme
            + "\",\"pemFile\":\""
            + root.resolve(pemFile)
            + "\"}]}";
    TrustPolicy policy = TrustPolicy.parse(trust.getBytes(StandardCharsets.UTF_8), root);
    parser = new AttestationParser(false);
    verifier = new AttestationVerifier(policy);
    key = policy.keys().get(0).key();
    Attestation a = parser.readAll(bytes, 1 << 24).get(0);
    signed = scheme.equals("raw-payload") ? a.envelope().payload() : a.envelope().pae();
    sig = a.envelope().signatures().get(0).sig();
    check();
  }

  private void setupSigstore(Path root) throws Exception {
    bytes =
        Files.readAllBytes(
            root.resolve(
                "sigstore/conformance/bundle-verify/happy-path-intoto-in-dsse-v3/bundle.sigstore.json"));
    String trust =
        "{\"version\":1,\"sigstore\":{\"trustedRoots\":[{\"name\":\"public-good\",\"identities\":"
            + "[{\"sanRegex\":\"https://github\\\\.com/sigstore-conformance/.*\","
            + "\"issuer\":\"https://token.actions.githubusercontent.com\"}]}]}}";
    parser = new AttestationParser(false);
    verifier =
        new AttestationVerifier(TrustPolicy.parse(trust.getBytes(StandardCharsets.UTF_8), root));
    Attestation a = parser.readAll(bytes, 1 << 24).get(0);
    String cert =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(bytes)
            .at("/verificationMaterial/certificate/rawBytes")
            .asText();
    key =
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(cert)))
            .getPublicKey();
    algorithm = "SHA256withECDSA";
    signed = a.envelope().pae();
    sig = a.envelope().signatures().get(0).sig();
    check();
  }

  private void check() throws Exception {
    if (!verify().verified() || !jdkVerifyOnly()) {
      throw new IllegalStateException("the benchmark document does not verify");
    }
  }

  @Benchmark
  public Verdict verify() {
    Attestation a = parser.readAll(bytes, 1 << 24).get(0);
    return verifier.verify(a, null, Instant.EPOCH);
  }

  @Benchmark
  public boolean jdkVerifyOnly() throws Exception {
    Signature s = Signature.getInstance(algorithm);
    if (algorithm.equals("RSASSA-PSS")) {
      s.setParameter(
          new java.security.spec.PSSParameterSpec(
              "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
    }
    s.initVerify(key);
    s.update(signed);
    return s.verify(sig);
  }
}
