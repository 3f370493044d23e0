package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteParseTest {
  private static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  private static final String TEXT = "hello\n";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "go-note-peterneumann.note",
        "go-note-peterneumann-enochroot.note",
        "go-note-peterneumann-invalid-signature.note",
        "go-sumdb-6476701.note",
        "pixel6-transparency-log-10.note",
        "rekor-sigstore-798034.note",
        "rekor-sigstore-798034-invalid-signature.note",
        "rome-ct-2024h1-115474666.note",
        "rome-ct-2024h1-115474666-b0rked.note",
        "sigstore-java-valid.txt",
        "sigstore-java-valid_multi_sig.txt",
        "sigstore-java-error_header_count.txt",
        "sigstore-java-error_not_a_number.txt"
      })
  void wellFormedNotesFormatBackToTheirExactBytes(String file) {
    byte[] bytes = Fixtures.bytes(file);

    assertThat(Note.parse(bytes).format()).isEqualTo(bytes);
  }

  @Test
  void parsesTextAndEachSignatureLine() {
    Note note = Note.parse(Fixtures.bytes("go-note-peterneumann-enochroot.note"));

    assertThat(note.text())
        .isEqualTo(
            "If you think cryptography is the answer to your problem,\n"
                + "then you don't know what your problem is.\n");
    assertThat(note.signatures())
        .extracting(NoteSignature::keyId)
        .containsExactly("PeterNeumann+c74f20a3", "EnochRoot+af0cfe78");
    assertThat(note.signatures().get(0).signature()).hasSize(64);
  }

  @Test
  void textMayContainBlankLinesBecauseTheLastOneSeparatesTheSignatures() {
    Note note = Note.parse("a\n\nb\n\n" + PETER_SIG);

    assertThat(note.text()).isEqualTo("a\n\nb\n");
    assertThat(note.formatString()).isEqualTo("a\n\nb\n\n" + PETER_SIG);
  }

  // One test per must-fail fixture, named by what is wrong with it.

  @Test
  void missingFinalNewlineIsMalformed() {
    assertMalformed("go-note-malformed-no-newline.note", "does not end with a newline");
  }

  @Test
  void unexpectedLineAfterSignaturesIsMalformed() {
    assertMalformed("go-note-malformed-unexpected-line.note", "line 5: expected a signature line");
  }

  @Test
  void missingBlankLineBeforeSignaturesIsMalformed() {
    assertMalformed("sigstore-java-error_header_body_separator.txt", "no blank line");
  }

  @Test
  void missingNewlineAfterSignatureIsMalformed() {
    assertMalformed(
        "sigstore-java-error_no_newline_after_signature.txt", "does not end with a newline");
  }

  @Test
  void noSignatureLinesIsMalformed() {
    assertMalformed("sigstore-java-error_no_signatures.txt", "no signature lines");
  }

  @Test
  void signatureLineWithoutEmDashIsMalformed() {
    assertMalformed(
        "sigstore-java-error_signature_format_invalid.txt", "line 6: expected a signature line");
  }

  @Test
  void signatureShorterThanKeyHashPlusOneByteIsMalformed() {
    assertMalformed(
        "sigstore-java-error_signature_length_insufficient.txt", "line 6: signature is 4 bytes");
  }

  private static void assertMalformed(String file, String detail) {
    assertThatThrownBy(() -> Note.parse(Fixtures.bytes(file)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("note");
              assertThat(e.status()).isEqualTo(400);
            })
        .hasMessageStartingWith("malformed note: ")
        .hasMessageContaining(detail);
  }

  // Synthetic cases for rules no fixture exercises.

  @Test
  void fourByteSignatureIsTooShort() {
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014 k AAAAAA==\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("signature is 4 bytes");
  }

  @Test
  void nonCanonicalBase64IsMalformed() {
    // "AAAAAAB=" decodes like "AAAAAAA=" but has non-zero padding bits.
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014 k AAAAAAB=\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void unpaddedBase64IsMalformed() {
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014 k AAAAAAA\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("base64");
  }

  @Test
  void controlCharacterInTextIsMalformed() {
    assertThatThrownBy(() -> Note.parse("a\tb\n\n" + PETER_SIG))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 1: control character U+0009");
  }

  @Test
  void carriageReturnLineEndingsAreMalformed() {
    assertThatThrownBy(() -> Note.parse("a\r\n\r\n" + PETER_SIG))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("U+000D");
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] bytes = (TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
    bytes[0] = (byte) 0xff;

    assertThatThrownBy(() -> Note.parse(bytes))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void keyNameWithPlusIsMalformed() {
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014 a+b AAAAAAA=\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'+'");
  }

  @Test
  void keyNameWithNonBreakingSpaceIsMalformed() {
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014 a\u00a0b AAAAAAA=\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("space U+00A0");
  }

  @Test
  void emptyKeyNameIsMalformed() {
    assertThatThrownBy(() -> Note.parse(TEXT + "\n\u2014  AAAAAAA=\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("key name is empty");
  }

  @Test
  void hundredSignaturesAreAcceptedAndHundredAndOneAreNot() {
    String hundred = TEXT + "\n" + PETER_SIG.repeat(100);

    assertThat(Note.parse(hundred).signatures()).hasSize(100);
    assertThatThrownBy(() -> Note.parse(hundred + PETER_SIG))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than 100 signatures");
  }

  @Test
  void noteLargerThanOneMebibyteIsTooLarge() {
    String big = "x".repeat(Note.MAX_NOTE_BYTES) + "\n\n" + PETER_SIG;

    assertThatThrownBy(() -> Note.parse(big.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.status()).isEqualTo(413));
    assertThatThrownBy(() -> Note.parse(big))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void constructorRefusesTextWithoutFinalNewline() {
    NoteSignature sig = new NoteSignature("k", 1, new byte[] {1});

    assertThatThrownBy(() -> new Note("no newline", java.util.List.of(sig)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorRefusesNoteWithoutSignatures() {
    assertThatThrownBy(() -> new Note(TEXT, java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
