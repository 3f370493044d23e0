package dev.custody.ingest.sbom;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Hash algorithm names of both formats spelled as Custody spells digests, and the one to use. */
final class Digests {
  /** Strongest first; SHA-1 only when nothing better is given. */
  private static final List<String> PREFERENCE =
      List.of("sha256", "sha512", "sha384", "sha3-256", "sha3-512", "sha3-384", "sha224", "sha1");

  private Digests() {}

  /**
   * Custody's name for a hash algorithm as CycloneDX ({@code SHA-256}, {@code SHA3-256}) or SPDX
   * ({@code SHA256}) writes it: lower case, no dash after {@code sha} of the SHA-2 family.
   */
  static String algorithm(String raw) {
    String a = raw.trim().toLowerCase(Locale.ROOT);
    return a.startsWith("sha-") ? "sha" + a.substring(4) : a;
  }

  /** The id of the preferred digest in {@code hashes} that is well formed, or null. */
  static @Nullable NodeId preferred(Map<String, String> hashes) {
    for (String alg : PREFERENCE) {
      String hex = hashes.get(alg);
      if (hex == null) {
        continue;
      }
      try {
        return NodeId.parse(alg + ":" + hex, "hashes");
      } catch (InvalidInputException e) {
        // A malformed value of one algorithm: try the next.
      }
    }
    return null;
  }
}
