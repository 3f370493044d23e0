package dev.custody.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every key type the trust file takes, with keys made here by the JDK: a DSSE envelope signed over
 * PAE verifies with its key and fails with the same key id bound to another key.
 */
class KeyAlgorithmsTest {
  static final String STATEMENT =
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":"
          + "{\"sha256\":\""
          + "ab".repeat(32)
          + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}";

  static KeyPair pair(String alg, String param) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (alg.equals("EC")) {
      g.initialize(new ECGenParameterSpec(param));
    } else if (alg.equals("RSA")) {
      g.initialize(Integer.parseInt(param));
    }
    return g.generateKeyPair();
  }

  static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static TrustPolicy trust(String keyid, KeyPair k) {
    String json =
        "{\"version\":1,\"keys\":[{\"keyid\":\""
            + keyid
            + "\",\"pem\":"
            + new com.fasterxml.jackson.databind.node.TextNode(pem(k))
            + "}]}";
    return TrustPolicy.parse(json.getBytes(StandardCharsets.UTF_8), Path.of("."));
  }

  @ParameterizedTest(name = "{0} {1} ({2})")
  @CsvSource({
    "EC, secp256r1, SHA256withECDSA, ecdsa-p256",
    "EC, secp384r1, SHA384withECDSA, ecdsa-p384",
    "EC, secp256r1, SHA256withECDSAinP1363Format, ecdsa-p256",
    "Ed25519, -, Ed25519, ed25519",
    "RSA, 2048, SHA256withRSA, rsa",
  })
  void aPaeSignatureVerifiesWithItsKeyAndNotAnother(
      String alg, String param, String sigAlg, String label) throws Exception {
    KeyPair k = pair(alg, param);
    byte[] payload = STATEMENT.getBytes(StandardCharsets.UTF_8);
    DsseEnvelope unsigned = new DsseEnvelope(DsseEnvelope.IN_TOTO, payload, List.of());
    Signature s = Signature.getInstance(sigAlg);
    s.initSign(k.getPrivate());
    s.update(unsigned.pae());
    String env =
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\""
            + Base64.getEncoder().encodeToString(payload)
            + "\",\"signatures\":[{\"keyid\":\"k1\",\"sig\":\""
            + Base64.getEncoder().encodeToString(s.sign())
            + "\"}]}";
    Attestation a =
        new AttestationParser(true).readAll(env.getBytes(StandardCharsets.UTF_8), 1 << 20).get(0);
    Verdict good =
        new AttestationVerifier(trust("k1", k)).verify(a, null, AttestationVerifierTest.NOW);
    assertThat(good.verified()).isTrue();
    assertThat(good.checks().get(0).detail()).contains(label);
    Verdict other =
        new AttestationVerifier(trust("k1", pair(alg, param)))
            .verify(a, null, AttestationVerifierTest.NOW);
    assertThat(other.verified()).isFalse();
  }

  @Test
  void aPrivateKeyOrGarbageIsRefusedNamingTheMember() {
    String json =
        "{\"version\":1,\"keys\":[{\"keyid\":\"k\",\"pem\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\"}]}";
    assertThatThrownBy(() -> TrustPolicy.parse(json.getBytes(StandardCharsets.UTF_8), Path.of(".")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/keys/0/pem");
  }
}
