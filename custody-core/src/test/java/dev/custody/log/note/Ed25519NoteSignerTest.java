package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ed25519NoteSignerTest {
  /**
   * The example private key from the documentation of golang.org/x/mod/sumdb/note, whose verifier
   * key and signed note are in the testdata (go-note-peterneumann.note).
   */
  private static final String GO_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  @Test
  void goExamplePrivateKeyDerivesPetersVerifierKey() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.fromPrivateKey(GO_SKEY);

    assertThat(signer.verifierKey()).isEqualTo(Fixtures.vkey("PeterNeumann"));
  }

  @Test
  void goExamplePrivateKeyReproducesTheGoSignedNoteByteForByte() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.fromPrivateKey(GO_SKEY);
    byte[] golden = Fixtures.bytes("go-note-peterneumann.note");

    assertThat(signer.signNote(Note.parse(golden).text()).format()).isEqualTo(golden);
  }

  @Test
  void privateKeyExportImportRoundTrips() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("example.com/log");

    Ed25519NoteSigner imported = Ed25519NoteSigner.fromPrivateKey(signer.privateKey());

    assertThat(imported.privateKey()).isEqualTo(signer.privateKey());
    assertThat(imported.verifierKey()).isEqualTo(signer.verifierKey());
  }

  @Test
  void goExamplePrivateKeyExportsUnchanged() {
    assertThat(Ed25519NoteSigner.fromPrivateKey(GO_SKEY).privateKey()).isEqualTo(GO_SKEY);
  }

  @Test
  void exportedVerifierKeyParsesToAVerifierOfItsSignatures() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("example.com/log");
    byte[] text = "hello\n".getBytes(StandardCharsets.UTF_8);

    NoteVerifier verifier = NoteVerifiers.parse(signer.verifierKey());

    assertThat(verifier.verify(text, signer.sign(text))).isTrue();
    assertThat(verifier.keyHash()).isEqualTo(signer.keyHash());
  }

  @Test
  void everyChangedByteOfTextOrSignatureFailsVerification() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("example.com/log");
    byte[] note =
        SignedCheckpoint.sign(new Checkpoint("example.com/log", 42, new byte[32]), signer)
            .getBytes(StandardCharsets.UTF_8);
    List<NoteVerifier> known = List.of(signer.verifier());
    assertThat(Note.open(note, known).verified()).hasSize(1);

    for (int i = 0; i < note.length; i++) {
      byte[] tampered = note.clone();
      tampered[i] ^= 0x01;

      assertThatThrownBy(() -> Note.open(tampered, known))
          .as("byte %d flipped", i)
          .isInstanceOf(NoteVerificationException.class);
    }
  }

  @Test
  void privateKeyWithWrongHashIsRefused() {
    assertSkeyRefused(GO_SKEY.replace("c74f20a3", "c74f20a4"), "does not match");
  }

  @Test
  void privateKeyOfAnotherTypeIsRefused() {
    // Same seed, type byte 0x02.
    assertSkeyRefused(GO_SKEY.replace("+AYEK", "+AoEK"), "type 0x01");
  }

  @Test
  void privateKeyWithoutPrefixIsRefused() {
    assertSkeyRefused(GO_SKEY.substring("PRIVATE+KEY+".length()), "PRIVATE+KEY+");
  }

  @Test
  void refusalMessagesNeverContainTheSeed() {
    String seed = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    assertThatThrownBy(
            () -> Ed25519NoteSigner.fromPrivateKey(GO_SKEY.replace("c74f20a3", "c74f20a4")))
        .message()
        .doesNotContain(seed);
    assertThat(Ed25519NoteSigner.fromPrivateKey(GO_SKEY).toString()).doesNotContain(seed);
  }

  @Test
  void invalidKeyNameCannotBeGenerated() {
    assertThatThrownBy(() -> Ed25519NoteSigner.generate("a+b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSkeyRefused(String skey, String detail) {
    assertThatThrownBy(() -> Ed25519NoteSigner.fromPrivateKey(skey))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("skey"))
        .hasMessageContaining(detail);
  }
}
