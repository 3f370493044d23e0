package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoteVerifiersTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sum.golang.org, Ed25519NoteVerifier, 033de0ae",
    "PeterNeumann, Ed25519NoteVerifier, c74f20a3",
    "EnochRoot, Ed25519NoteVerifier, af0cfe78",
    "rekor.sigstore.dev, EcdsaNoteVerifier, c0d23d6a",
    "pixel6_transparency_log, EcdsaNoteVerifier, 91c16e30",
    "rome.ct.filippo.io/2024h1, Rfc6962NoteVerifier, 78f4abae",
    "ct.googleapis.com/logs/us1/argon2024, Rfc6962NoteVerifier, 7deb49d0",
  })
  void everyRealKeyParsesWithItsDeclaredHash(String name, String type, String hash) {
    NoteVerifier verifier = NoteVerifiers.parse(Fixtures.vkey(name));

    assertThat(verifier.getClass().getSimpleName()).isEqualTo(type);
    assertThat(verifier.name()).isEqualTo(name);
    assertThat(verifier.keyHash()).isEqualTo(Integer.parseUnsignedInt(hash, 16));
    assertThat(verifier.verifierKey()).isEqualTo(Fixtures.vkey(name));
  }

  @Test
  void ed25519KeyHashMismatchIsRefused() {
    assertRefused(
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "key hash c74f20a4 does not match");
  }

  @Test
  void keyUnderAnotherNameIsAHashMismatch() {
    assertRefused(
        "PaulNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match");
  }

  @Test
  void ecdsaKeyHashMismatchIsRefused() {
    String vkey = Fixtures.vkey("rekor.sigstore.dev").replace("+c0d23d6a+", "+c0d23d6b+");

    assertRefused(vkey, "does not match");
  }

  @Test
  void unknownSignatureTypeIsRefused() {
    String key = Base64.getEncoder().encodeToString(new byte[] {0x04, 1, 2, 3});

    assertRefused("k+01020304+" + key, "unsupported signature type 0x04");
  }

  @Test
  void ed25519KeyOfWrongLengthIsRefused() {
    String key = Base64.getEncoder().encodeToString(new byte[] {0x01, 1, 2, 3});

    assertRefused("k+01020304+" + key, "malformed type 0x01 key");
  }

  @Test
  void ecdsaKeyThatIsNotDerIsRefused() {
    String key = Base64.getEncoder().encodeToString(new byte[] {0x02, 1, 2, 3});

    assertRefused("k+01020304+" + key, "malformed type 0x02 key");
  }

  @Test
  void ecdsaKeyWithTrailingBytesIsRefused() {
    byte[] typed =
        Base64.getDecoder().decode(Fixtures.vkey("rekor.sigstore.dev").split("\\+", 3)[2]);
    byte[] longer = java.util.Arrays.copyOf(typed, typed.length + 1);

    assertRefused(
        "rekor.sigstore.dev+c0d23d6a+" + Base64.getEncoder().encodeToString(longer),
        "malformed type 0x02 key");
  }

  @Test
  void missingPartsAreRefused() {
    assertRefused("PeterNeumann+c74f20a3", "<name>+<hex key hash>+<base64 key>");
  }

  @Test
  void shortHexHashIsRefused() {
    assertRefused("k+abc+AQ==", "8 hex digits");
  }

  @Test
  void fullwidthHexDigitsAreRefused() {
    assertRefused(
        "PeterNeumann+c74f20a\uff13+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "8 hex digits");
  }

  @Test
  void emptyNameIsRefused() {
    assertRefused("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name is empty");
  }

  @Test
  void nameWithSpaceIsRefused() {
    assertRefused("a b+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "space");
  }

  private static void assertRefused(String vkey, String detail) {
    assertThatThrownBy(() -> NoteVerifiers.parse(vkey))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("vkey"))
        .hasMessageContaining(detail);
  }
}
