package dev.custody.service;

import dev.custody.error.InvalidInputException;
import dev.custody.log.note.Ed25519NoteSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The log's signing key in its data directory: generated on first start into {@code
 * log-signing.key} (Go's {@code PRIVATE+KEY+...} note format, readable by the owner only), with the
 * verifier key beside it in {@code log-verifier.key}. The key's name is the log's origin, so the
 * origin is fixed when the key is made.
 */
public final class SigningKeys {
  public static final String PRIVATE_FILE = "log-signing.key";
  public static final String PUBLIC_FILE = "log-verifier.key";

  private SigningKeys() {}

  /**
   * Loads the key in {@code dataDir}, or generates one named {@code origin} (or a fresh default
   * origin when null).
   *
   * @throws InvalidInputException if {@code origin} is given and differs from the existing key's
   */
  public static Ed25519NoteSigner loadOrCreate(Path dataDir, @Nullable String origin) {
    Path priv = dataDir.resolve(PRIVATE_FILE);
    try {
      if (Files.exists(priv)) {
        Ed25519NoteSigner s =
            Ed25519NoteSigner.fromPrivateKey(Files.readString(priv, StandardCharsets.UTF_8).trim());
        if (origin != null && !origin.equals(s.name())) {
          throw InvalidInputException.badRequest(
              "origin",
              "the log in "
                  + dataDir
                  + " has origin '"
                  + s.name()
                  + "'; a log's origin cannot change (got '"
                  + origin
                  + "')");
        }
        return s;
      }
      Files.createDirectories(dataDir);
      Ed25519NoteSigner s = Ed25519NoteSigner.generate(origin == null ? defaultOrigin() : origin);
      writeOwnerOnly(priv, s.privateKey() + "\n");
      Files.writeString(dataDir.resolve(PUBLIC_FILE), s.verifierKey() + "\n");
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing key in " + dataDir, e);
    }
  }

  private static String defaultOrigin() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "localhost/custody/" + HexFormat.of().formatHex(b);
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("concurrent key creation in " + file.getParent(), e);
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
