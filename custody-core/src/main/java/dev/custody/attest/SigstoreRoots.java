package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Sigstore trusted roots as a trust file names them, read once (offline: never through TUF) with
 * the sigstore-java verifiers built from each.
 */
public final class SigstoreRoots {
  /** The name of the bundled Sigstore public-good root (resources, see ORIGIN.md there). */
  public static final String PUBLIC_GOOD = "public-good";

  private static final String PUBLIC_GOOD_RESOURCE = "trusted_root-public-good.json";
  private static final long MAX_BYTES = 4L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SigstoreRoots() {}

  /**
   * One trusted root and the certificate identities it accepts (empty: any identity its CAs
   * certify).
   *
   * @param name {@value #PUBLIC_GOOD} or the file it was read from
   */
  public record Root(
      String name,
      SigstoreTrustedRoot trustedRoot,
      FulcioVerifier fulcio,
      TimestampVerifier timestamps,
      List<TrustPolicy.Identity> identities) {
    public Root {
      identities = List.copyOf(identities);
    }
  }

  /** Reads {@code ref} (a path relative to {@code base}, or {@value #PUBLIC_GOOD}). */
  static Root load(String ref, Path base, String at, List<TrustPolicy.Identity> identities) {
    try (InputStream in = open(ref, base, at)) {
      SigstoreTrustedRoot root = SigstoreTrustedRoot.from(trustedRoot(in.readAllBytes()));
      return new Root(
          ref,
          root,
          FulcioVerifier.newFulcioVerifier(root),
          TimestampVerifier.newTimestampVerifier(root),
          identities);
    } catch (IOException | SigstoreConfigurationException | GeneralSecurityException e) {
      throw InvalidInputException.badRequest(
          at, "cannot read the Sigstore trusted root '" + ref + "': " + e.getMessage());
    } catch (RuntimeException e) {
      // sigstore-java reports some malformed roots (bad keys, bad certificates) unchecked.
      throw InvalidInputException.badRequest(
          at, "not a usable Sigstore trusted root '" + ref + "': " + e);
    }
  }

  /**
   * The trusted root itself: a {@code trusted_root.json}, or the {@code trustedRoot} of a client
   * trust config ({@code application/vnd.dev.sigstore.clienttrustconfig.v0.1+json}).
   */
  private static InputStream trustedRoot(byte[] json) throws IOException {
    JsonNode doc = JSON.readTree(json);
    if (doc != null && doc.path("mediaType").asText("").contains("clienttrustconfig")) {
      return new ByteArrayInputStream(JSON.writeValueAsBytes(doc.path("trustedRoot")));
    }
    return new ByteArrayInputStream(json);
  }

  /** Reads the bundled public-good root. */
  public static Root publicGood(List<TrustPolicy.Identity> identities) {
    return load(PUBLIC_GOOD, Path.of("."), "", identities);
  }

  private static InputStream open(String ref, Path base, String at) throws IOException {
    if (ref.equals(PUBLIC_GOOD)) {
      InputStream in = SigstoreRoots.class.getResourceAsStream(PUBLIC_GOOD_RESOURCE);
      if (in == null) {
        throw new IOException("the bundled public-good root is missing from the class path");
      }
      return in;
    }
    Path file = base.resolve(ref);
    if (Files.size(file) > MAX_BYTES) {
      throw InvalidInputException.tooLarge(at, "trusted root is larger than " + MAX_BYTES);
    }
    return Files.newInputStream(file);
  }
}
