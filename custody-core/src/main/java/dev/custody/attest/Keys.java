package dev.custody.attest;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Names a public key's algorithm the way trust files and verdicts do. */
final class Keys {
  private Keys() {}

  static String algorithm(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return switch (bits) {
        case 256 -> "ecdsa-p256";
        case 384 -> "ecdsa-p384";
        default -> "ecdsa-unsupported";
      };
    }
    if (key instanceof RSAPublicKey) {
      return "rsa";
    }
    if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
      return "ed25519";
    }
    return key.getAlgorithm().toLowerCase(java.util.Locale.ROOT);
  }
}
