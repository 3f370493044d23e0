package dev.custody.log.note;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** NIST P-256 public keys in PKIX DER, and ECDSA-SHA256 checks. Stateless; not API. */
final class EcKeys {
  private EcKeys() {}

  /**
   * Decodes a DER SubjectPublicKeyInfo holding a P-256 key.
   *
   * @throws GeneralSecurityException if it is not exactly that (other curves, trailing bytes)
   */
  static ECPublicKey p256(byte[] spki) throws GeneralSecurityException {
    if (!(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki))
        instanceof ECPublicKey key)) {
      throw new GeneralSecurityException("not an EC public key");
    }
    ECParameterSpec p256 = p256Params();
    ECParameterSpec got = key.getParams();
    if (!got.getCurve().equals(p256.getCurve())
        || !got.getGenerator().equals(p256.getGenerator())
        || !got.getOrder().equals(p256.getOrder())) {
      throw new GeneralSecurityException("EC key is not on NIST P-256");
    }
    if (!Arrays.equals(key.getEncoded(), spki)) {
      throw new GeneralSecurityException("EC key is not in canonical DER SubjectPublicKeyInfo");
    }
    return key;
  }

  private static ECParameterSpec p256Params() throws GeneralSecurityException {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    return params.getParameterSpec(ECParameterSpec.class);
  }

  /** Checks an ASN.1 DER ECDSA signature over SHA-256 of {@code message}. */
  static SignatureCheck checkSha256(ECPublicKey key, byte[] message, byte[] derSignature) {
    try {
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(key);
      v.update(message);
      return v.verify(derSignature)
          ? SignatureCheck.VALID
          : SignatureCheck.invalid("ECDSA signature does not verify");
    } catch (GeneralSecurityException e) {
      return SignatureCheck.invalid("ECDSA signature is malformed: " + e.getMessage());
    }
  }
}
