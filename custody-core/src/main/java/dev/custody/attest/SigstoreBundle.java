package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.custody.error.InvalidInputException;
import dev.sigstore.json.ProtoJson;
import dev.sigstore.proto.ProtoMutators;
import dev.sigstore.proto.bundle.v1.Bundle;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import dev.sigstore.rekor.client.RekorEntry;
import java.io.ByteArrayInputStream;
import java.security.cert.CertPath;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle read for verification: the certificate path (or the public key hint), the
 * transparency-log entries as sigstore-java's {@link RekorEntry}, and the RFC 3161 timestamps. Read
 * with sigstore-java's protobuf bundle schema; what it cannot read is refused before, naming the
 * member (a certificate that does not parse, a signature that is not base64, no log entry).
 *
 * @param version {@code 0.1}, {@code 0.2} or {@code 0.3}
 * @param certPath the signing certificate and any chain it carries; null for a key-signed bundle
 * @param messageSignature the signature of a message-signature bundle, else null
 * @param messageDigest the digest a message-signature bundle states, if any
 * @param messageDigestAlgorithm its algorithm ({@code sha256}, {@code sha384}, {@code sha512})
 * @param entries the transparency-log entries (at least one)
 * @param timestamps the RFC 3161 signed timestamps (DER), possibly none
 */
record SigstoreBundle(
    String version,
    @Nullable CertPath certPath,
    byte @Nullable [] messageSignature,
    byte @Nullable [] messageDigest,
    @Nullable String messageDigestAlgorithm,
    List<RekorEntry> entries,
    List<byte[]> timestamps) {

  /** The leaf certificate, or null for a key-signed bundle. */
  @Nullable X509Certificate leaf() {
    return certPath == null ? null : (X509Certificate) certPath.getCertificates().get(0);
  }

  /** Reads {@code node} (a bundle whose media type was already recognised) at {@code at}. */
  static SigstoreBundle read(JsonNode node, String at, String mediaType) {
    JsonNode vm = node.path("verificationMaterial");
    CertPath certPath = certificates(vm, at + "/verificationMaterial");
    JsonNode tlog = vm.path("tlogEntries");
    if (!tlog.isArray() || tlog.isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/verificationMaterial/tlogEntries",
          "a Sigstore bundle needs at least one transparency-log entry");
    }
    for (int i = 0; i < tlog.size(); i++) {
      String p = at + "/verificationMaterial/tlogEntries/" + i;
      base64(tlog.get(i).path("canonicalizedBody"), p + "/canonicalizedBody");
      if (!tlog.get(i).path("logId").path("keyId").isTextual()) {
        throw InvalidInputException.badRequest(p + "/logId/keyId", "a log entry names its log");
      }
    }
    byte[] sig = null;
    byte[] digest = null;
    String digestAlg = null;
    JsonNode ms = node.get("messageSignature");
    if (ms != null) {
      sig = base64(ms.path("signature"), at + "/messageSignature/signature");
      JsonNode md = ms.get("messageDigest");
      if (md != null) {
        String alg = md.path("algorithm").asText("");
        digestAlg = algorithm(alg);
        if (digestAlg == null) {
          throw InvalidInputException.badRequest(
              at + "/messageSignature/messageDigest/algorithm",
              "unsupported message digest algorithm '" + alg + "' (SHA2_256, SHA2_384, SHA2_512)");
        }
        digest = base64(md.path("digest"), at + "/messageSignature/messageDigest/digest");
        if (digest.length != digestLength(digestAlg)) {
          throw InvalidInputException.badRequest(
              at + "/messageSignature/messageDigest/digest",
              "a " + digestAlg + " digest is " + digestLength(digestAlg) + " bytes");
        }
      }
    }
    String version = version(mediaType);
    for (int i = 0; i < tlog.size(); i++) {
      JsonNode proof = tlog.get(i).get("inclusionProof");
      if (proof != null
          && !version.equals("0.1")
          && !proof.path("checkpoint").path("envelope").isTextual()) {
        throw InvalidInputException.badRequest(
            at + "/verificationMaterial/tlogEntries/" + i + "/inclusionProof/checkpoint",
            "from bundle v0.2 an inclusion proof carries its signed checkpoint");
      }
    }
    Bundle proto = proto(withoutLineBreaks(node), at);
    List<RekorEntry> entries = new ArrayList<>();
    for (TransparencyLogEntry e : proto.getVerificationMaterial().getTlogEntriesList()) {
      entries.add(ProtoMutators.toRekorEntry(e));
    }
    List<byte[]> timestamps = new ArrayList<>();
    for (var ts :
        proto.getVerificationMaterial().getTimestampVerificationData().getRfc3161TimestampsList()) {
      timestamps.add(ts.getSignedTimestamp().toByteArray());
    }
    return new SigstoreBundle(
        version, certPath, sig, digest, digestAlg, List.copyOf(entries), List.copyOf(timestamps));
  }

  /** {@code sha256}, {@code sha384} or {@code sha512} for a Sigstore/Rekor algorithm name. */
  static @Nullable String algorithm(String name) {
    return switch (name.toUpperCase(java.util.Locale.ROOT).replace("-", "")) {
      case "SHA2_256", "SHA256" -> "sha256";
      case "SHA2_384", "SHA384" -> "sha384";
      case "SHA2_512", "SHA512" -> "sha512";
      default -> null;
    };
  }

  static int digestLength(String algorithm) {
    return switch (algorithm) {
      case "sha384" -> 48;
      case "sha512" -> 64;
      default -> 32;
    };
  }

  private static String version(String mediaType) {
    if (mediaType.contains("v0.3") || mediaType.endsWith("version=0.3")) {
      return "0.3";
    }
    return mediaType.endsWith("version=0.2") ? "0.2" : "0.1";
  }

  /**
   * The bundle with line breaks removed from its RFC 3161 timestamps: {@code base64} wraps lines,
   * and bundles made with it occur (the conformance suite has one); protobuf's decoder refuses
   * them.
   */
  private static JsonNode withoutLineBreaks(JsonNode node) {
    JsonNode ts =
        node.path("verificationMaterial")
            .path("timestampVerificationData")
            .path("rfc3161Timestamps");
    if (!ts.isArray() || ts.isEmpty()) {
      return node;
    }
    JsonNode copy = node.deepCopy();
    for (JsonNode t :
        copy.path("verificationMaterial")
            .path("timestampVerificationData")
            .path("rfc3161Timestamps")) {
      if (t.path("signedTimestamp").isTextual()) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) t)
            .put("signedTimestamp", t.get("signedTimestamp").asText().replaceAll("\\s", ""));
      }
    }
    return copy;
  }

  private static Bundle proto(JsonNode node, String at) {
    Bundle.Builder b = Bundle.newBuilder();
    try {
      ProtoJson.parser().merge(node.toString(), b);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw InvalidInputException.badRequest(
          at, "not a readable Sigstore bundle: " + firstLine(e.getMessage()));
    }
    return b.build();
  }

  private static @Nullable CertPath certificates(JsonNode vm, String at) {
    List<X509Certificate> certs = new ArrayList<>();
    if (vm.has("certificate")) {
      certs.add(certificate(vm.path("certificate").path("rawBytes"), at + "/certificate/rawBytes"));
    } else if (vm.has("x509CertificateChain")) {
      JsonNode list = vm.path("x509CertificateChain").path("certificates");
      if (!list.isArray() || list.isEmpty()) {
        throw InvalidInputException.badRequest(
            at + "/x509CertificateChain/certificates", "the certificate chain is empty");
      }
      for (int i = 0; i < list.size(); i++) {
        certs.add(
            certificate(
                list.get(i).path("rawBytes"),
                at + "/x509CertificateChain/certificates/" + i + "/rawBytes"));
      }
    } else {
      return null;
    }
    try {
      return CertificateFactory.getInstance("X.509").generateCertPath(certs);
    } catch (CertificateException e) {
      throw InvalidInputException.badRequest(at, "not a certificate path: " + e.getMessage());
    }
  }

  /** Parses one DER certificate (base64); a certificate that does not parse is a 400. */
  static X509Certificate certificate(JsonNode rawBytes, String at) {
    byte[] der = base64(rawBytes, at);
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw InvalidInputException.badRequest(
          at, "the certificate does not parse: " + firstLine(e.getMessage()));
    }
  }

  /** Parses a PEM certificate (DSSE envelopes of slsa-github-generator carry one a signature). */
  static X509Certificate pemCertificate(String pem, String at) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (CertificateException | RuntimeException e) {
      throw InvalidInputException.badRequest(
          at, "the certificate does not parse: " + firstLine(e.getMessage()));
    }
  }

  /** Protobuf JSON bytes: standard or URL-safe base64; anything else is refused. */
  static byte[] base64(JsonNode v, String at) {
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw InvalidInputException.badRequest(at, "must be non-empty base64");
    }
    String s = v.asText();
    try {
      return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(s)
          : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest(at, "is not valid base64: " + e.getMessage());
    }
  }

  private static String firstLine(@Nullable String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
