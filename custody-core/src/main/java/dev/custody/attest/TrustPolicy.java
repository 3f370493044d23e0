package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * What Custody trusts to sign attestations, read from a trust file (docs/TRUST.md): public keys
 * with their key ids, and Sigstore trusted roots ({@code trusted_root.json}, or the bundled
 * public-good root by the name {@value SigstoreRoots#PUBLIC_GOOD}), each with the certificate
 * identities it accepts. Immutable.
 *
 * @param keys the trusted public keys
 * @param sigstoreRoots the Sigstore trusted roots, loaded and ready to verify with
 * @param identities the identity constraints of roots that state none of their own
 */
public record TrustPolicy(
    List<TrustedKey> keys, List<SigstoreRoots.Root> sigstoreRoots, List<Identity> identities) {
  /** Largest trust file read. */
  public static final int MAX_BYTES = 1 << 20;

  public TrustPolicy {
    keys = List.copyOf(keys);
    sigstoreRoots = List.copyOf(sigstoreRoots);
    identities = List.copyOf(identities);
  }

  /** What a key's signature covers. */
  public enum Scheme {
    /** The DSSE pre-authentication encoding (the standard). */
    DSSE_PAE("dsse-pae"),
    /** The raw decoded payload (Google Cloud Build's legacy builtByGCB keys). */
    RAW_PAYLOAD("raw-payload");

    private final String label;

    Scheme(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static @Nullable Scheme named(String s) {
      for (Scheme v : values()) {
        if (v.label.equals(s)) {
          return v;
        }
      }
      return null;
    }
  }

  /** A trusted public key: its id as signatures name it, the key, and what it signs. */
  public record TrustedKey(String keyid, PublicKey key, Scheme scheme) {
    /** {@code ecdsa-p256}, {@code ecdsa-p384}, {@code ed25519} or {@code rsa}. */
    public String algorithm() {
      return Keys.algorithm(key);
    }
  }

  /**
   * A certificate identity Custody accepts: the subject alternative name, exactly ({@code san}) or
   * by a regular expression matching all of it ({@code sanRegex}), and the OIDC issuer, exactly. An
   * absent member accepts any value.
   */
  public record Identity(
      @Nullable String san, @Nullable Pattern sanRegex, @Nullable String issuer) {
    /** Whether a certificate with this SAN and issuer satisfies the constraint. */
    public boolean matches(@Nullable String certSan, @Nullable String certIssuer) {
      if (san != null && !san.equals(certSan)) {
        return false;
      }
      if (sanRegex != null && (certSan == null || !sanRegex.matcher(certSan).matches())) {
        return false;
      }
      return issuer == null || issuer.equals(certIssuer);
    }

    @Override
    public String toString() {
      return "{san: "
          + (san != null ? san : sanRegex != null ? "/" + sanRegex.pattern() + "/" : "any")
          + ", issuer: "
          + (issuer != null ? issuer : "any")
          + "}";
    }
  }

  /** Trusts nothing: every signature is unverified. */
  public static TrustPolicy empty() {
    return new TrustPolicy(List.of(), List.of(), List.of());
  }

  /** Reads a trust file; {@code pemFile} and trusted root paths are relative to its folder. */
  public static TrustPolicy load(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw InvalidInputException.tooLarge("", "trust file is larger than " + MAX_BYTES);
      }
      Path base = file.toAbsolutePath().getParent();
      return parse(Files.readAllBytes(file), base == null ? Path.of(".") : base);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "cannot read trust file " + file + ": " + e);
    }
  }

  /** Parses a trust file's bytes; refusals name the member by JSON pointer. */
  public static TrustPolicy parse(byte[] bytes, Path base) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "trust file is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.badRequest("", "a trust file is a JSON object");
    }
    if (root.path("version").asInt(0) != 1) {
      throw InvalidInputException.badRequest("/version", "trust file version must be 1");
    }
    List<TrustedKey> keys = new ArrayList<>();
    JsonNode ks = root.path("keys");
    if (!ks.isMissingNode() && !ks.isArray()) {
      throw InvalidInputException.badRequest("/keys", "must be an array");
    }
    for (int i = 0; i < ks.size(); i++) {
      keys.add(key(ks.get(i), "/keys/" + i, base));
    }
    JsonNode sig = root.path("sigstore");
    List<Identity> ids = identities(sig.path("identities"), "/sigstore/identities");
    List<SigstoreRoots.Root> roots = new ArrayList<>();
    JsonNode rs = sig.path("trustedRoots");
    if (!rs.isMissingNode() && !rs.isArray()) {
      throw InvalidInputException.badRequest("/sigstore/trustedRoots", "must be an array");
    }
    for (int i = 0; i < rs.size(); i++) {
      roots.add(root(rs.get(i), "/sigstore/trustedRoots/" + i, base, ids));
    }
    return new TrustPolicy(keys, roots, ids);
  }

  /**
   * One trusted root: a path or the name {@value SigstoreRoots#PUBLIC_GOOD}, or an object with
   * {@code path} or {@code name} and its own {@code identities}.
   */
  private static SigstoreRoots.Root root(
      JsonNode r, String at, Path base, List<Identity> defaults) {
    if (r.isTextual()) {
      return SigstoreRoots.load(r.asText(), base, at, defaults);
    }
    if (!r.isObject() || !(r.path("path").isTextual() ^ r.path("name").isTextual())) {
      throw InvalidInputException.badRequest(
          at,
          "a trusted root is a path, \""
              + SigstoreRoots.PUBLIC_GOOD
              + "\", or an object with path"
              + " or name and optional identities");
    }
    List<Identity> own =
        r.has("identities") ? identities(r.get("identities"), at + "/identities") : defaults;
    String ref = r.path("path").isTextual() ? r.get("path").asText() : r.get("name").asText();
    if (r.path("name").isTextual() && !ref.equals(SigstoreRoots.PUBLIC_GOOD)) {
      throw InvalidInputException.badRequest(
          at + "/name",
          "unknown trusted root name '" + ref + "' (" + SigstoreRoots.PUBLIC_GOOD + ")");
    }
    return SigstoreRoots.load(ref, base, at, own);
  }

  private static List<Identity> identities(JsonNode is, String at) {
    if (is.isMissingNode()) {
      return List.of();
    }
    if (!is.isArray()) {
      throw InvalidInputException.badRequest(at, "must be an array");
    }
    List<Identity> ids = new ArrayList<>();
    for (int i = 0; i < is.size(); i++) {
      JsonNode id = is.get(i);
      String p = at + "/" + i;
      if (!id.isObject()) {
        throw InvalidInputException.badRequest(
            p, "an identity is an object (san, sanRegex, issuer)");
      }
      if (id.hasNonNull("san") && id.hasNonNull("sanRegex")) {
        throw InvalidInputException.badRequest(p + "/sanRegex", "give san or sanRegex, not both");
      }
      Pattern regex = null;
      if (id.hasNonNull("sanRegex")) {
        try {
          regex = Pattern.compile(id.get("sanRegex").asText());
        } catch (PatternSyntaxException e) {
          throw InvalidInputException.badRequest(
              p + "/sanRegex", "not a regular expression: " + e.getDescription());
        }
      }
      ids.add(
          new Identity(
              id.hasNonNull("san") ? id.get("san").asText() : null,
              regex,
              id.hasNonNull("issuer") ? id.get("issuer").asText() : null));
    }
    return ids;
  }

  private static TrustedKey key(JsonNode k, String at, Path base) {
    String keyid = k.path("keyid").asText("");
    if (keyid.isEmpty()) {
      throw InvalidInputException.badRequest(at + "/keyid", "a key needs a non-empty keyid");
    }
    String pem;
    if (k.hasNonNull("pem")) {
      pem = k.get("pem").asText();
    } else if (k.hasNonNull("pemFile")) {
      try {
        pem = Files.readString(base.resolve(k.get("pemFile").asText()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw InvalidInputException.badRequest(at + "/pemFile", "cannot read: " + e.getMessage());
      }
    } else {
      throw InvalidInputException.badRequest(at + "/pem", "a key needs pem or pemFile");
    }
    String schemeName = k.path("scheme").asText("dsse-pae");
    Scheme scheme = Scheme.named(schemeName);
    if (scheme == null) {
      throw InvalidInputException.badRequest(
          at + "/scheme", "unknown scheme '" + schemeName + "' (dsse-pae or raw-payload)");
    }
    return new TrustedKey(keyid, publicKey(pem, at + "/pem"), scheme);
  }

  /** Reads a PEM SubjectPublicKeyInfo: ECDSA (P-256, P-384), Ed25519 or RSA. */
  public static PublicKey publicKey(String pem, String at) {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    if (pem.contains("-----BEGIN") && !pem.contains("-----BEGIN PUBLIC KEY-----")) {
      throw InvalidInputException.badRequest(
          at, "expected a PEM PUBLIC KEY (SubjectPublicKeyInfo)");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest(at, "PEM body is not base64");
    }
    for (String alg : List.of("EC", "Ed25519", "RSA")) {
      try {
        PublicKey key = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
        String label = Keys.algorithm(key);
        if (label.equals("ecdsa-unsupported")) {
          throw InvalidInputException.badRequest(
              at, "only the P-256 and P-384 curves are supported");
        }
        return key;
      } catch (java.security.GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw InvalidInputException.badRequest(
        at, "not an ECDSA, Ed25519 or RSA public key".toLowerCase(Locale.ROOT));
  }
}
