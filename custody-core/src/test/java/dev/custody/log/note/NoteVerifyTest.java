package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every real note in the testdata, verified with the key the manifest names. */
class NoteVerifyTest {
  private static final NoteVerifier SUMDB = Fixtures.verifier("sum.golang.org");
  private static final NoteVerifier PETER = Fixtures.verifier("PeterNeumann");
  private static final NoteVerifier ENOCH = Fixtures.verifier("EnochRoot");
  private static final NoteVerifier REKOR = Fixtures.verifier("rekor.sigstore.dev");
  private static final NoteVerifier PIXEL = Fixtures.verifier("pixel6_transparency_log");
  private static final NoteVerifier ROME = Fixtures.verifier("rome.ct.filippo.io/2024h1");

  private static VerifiedNote verify(String file, NoteVerifier... known) {
    return Note.parse(Fixtures.bytes(file)).verify(List.of(known));
  }

  @Test
  void goSumdbCheckpointVerifiesWithTheSumGolangOrgKey() {
    assertThat(verify("go-sumdb-6476701.note", SUMDB).verified())
        .extracting(NoteSignature::keyId)
        .containsExactly("sum.golang.org+033de0ae");
  }

  @Test
  void peterNeumannNoteVerifiesWithPetersKey() {
    assertThat(verify("go-note-peterneumann.note", PETER).verified()).hasSize(1);
  }

  @Test
  void twoSignatureNoteVerifiesBothWithBothKeys() {
    VerifiedNote note = verify("go-note-peterneumann-enochroot.note", PETER, ENOCH);

    assertThat(note.verified())
        .extracting(NoteSignature::keyId)
        .containsExactly("PeterNeumann+c74f20a3", "EnochRoot+af0cfe78");
    assertThat(note.unverified()).isEmpty();
  }

  @Test
  void twoSignatureNoteWithOnlyPetersKeyLeavesEnochsUnverified() {
    VerifiedNote note = verify("go-note-peterneumann-enochroot.note", PETER);

    assertThat(note.verified()).extracting(NoteSignature::name).containsExactly("PeterNeumann");
    assertThat(note.unverified()).extracting(NoteSignature::name).containsExactly("EnochRoot");
  }

  @Test
  void rekorCheckpointVerifiesWithTheRekorEcdsaKey() {
    assertThat(verify("rekor-sigstore-798034.note", REKOR).verified()).hasSize(1);
  }

  @Test
  void pixel6CheckpointVerifiesWithThePixelEcdsaKey() {
    assertThat(verify("pixel6-transparency-log-10.note", PIXEL).verified()).hasSize(1);
  }

  @Test
  void romeStaticCtCheckpointVerifiesWithItsRfc6962Key() {
    assertThat(verify("rome-ct-2024h1-115474666.note", ROME).verified()).hasSize(1);
  }

  @Test
  void sigstoreJavaCheckpointWithExtensionLineVerifiesWithTheRekorKey() {
    assertThat(verify("sigstore-java-valid.txt", REKOR).verified()).hasSize(1);
  }

  @Test
  void sigstoreJavaMultiSigIgnoresTheUnknownSecondSignature() {
    VerifiedNote note = verify("sigstore-java-valid_multi_sig.txt", REKOR);

    assertThat(note.verified())
        .extracting(NoteSignature::name)
        .containsExactly("rekor.sigstore.dev");
    assertThat(note.unverified()).extracting(NoteSignature::name).containsExactly("bob.loblaw.dev");
  }

  // Must-fail fixtures, one test each, named by the failure.

  @Test
  void insertedBytesInPetersSignatureAreABadSignature() {
    assertThatThrownBy(() -> verify("go-note-peterneumann-invalid-signature.note", PETER))
        .isInstanceOfSatisfying(
            NoteVerificationException.BadSignature.class,
            e -> {
              assertThat(e.check()).isEqualTo("note-signature");
              assertThat(e.keyName()).isEqualTo("PeterNeumann");
              assertThat(e.keyHash()).isEqualTo(0xc74f20a3);
              assertThat(e.verifierKey()).isEqualTo(Fixtures.vkey("PeterNeumann"));
            })
        .hasMessageStartingWith("invalid signature for key PeterNeumann+c74f20a3");
  }

  @Test
  void garbageRekorSignatureCarriesAForeignKeyHashSoNoKnownKeySigned() {
    // "THIS/IS/..." decodes to key hash 4c8712..., not rekor's c0d23d6a: per the spec the line is
    // from an unknown key, which leaves the note with no signature by a known key.
    assertThatThrownBy(() -> verify("rekor-sigstore-798034-invalid-signature.note", REKOR))
        .isInstanceOfSatisfying(
            NoteVerificationException.NoKnownSignature.class,
            e ->
                assertThat(e.unknownSignatures())
                    .extracting(NoteSignature::name)
                    .containsExactly("rekor.sigstore.dev"));
  }

  @Test
  void b0rkedOriginDoesNotMatchTheRfc6962KeyName() {
    assertThatThrownBy(() -> verify("rome-ct-2024h1-115474666-b0rked.note", ROME))
        .isInstanceOfSatisfying(
            NoteVerificationException.BadSignature.class,
            e -> assertThat(e.reason()).contains("origin \"B0rkedrome.ct.filippo.io/2024h1\""));
  }

  @Test
  void sigstoreJavaHeaderCountNoteFailsItsSignature() {
    // The body lost its root hash line, so the rekor signature no longer covers the text.
    assertThatThrownBy(() -> verify("sigstore-java-error_header_count.txt", REKOR))
        .isInstanceOf(NoteVerificationException.BadSignature.class);
  }

  @Test
  void sigstoreJavaNotANumberNoteFailsItsSignature() {
    assertThatThrownBy(() -> verify("sigstore-java-error_not_a_number.txt", REKOR))
        .isInstanceOf(NoteVerificationException.BadSignature.class);
  }

  // Verification semantics.

  @Test
  void noteSignedOnlyByUnknownKeysIsRejected() {
    assertThatThrownBy(() -> verify("go-sumdb-6476701.note", PETER))
        .isInstanceOf(NoteVerificationException.NoKnownSignature.class)
        .hasMessageContaining("sum.golang.org+033de0ae");
  }

  @Test
  void badSignatureByAKnownKeyRejectsTheNoteEvenIfAnotherKnownKeyVerifies() {
    Note good = Note.parse(Fixtures.bytes("go-note-peterneumann-enochroot.note"));
    NoteSignature enoch = good.signatures().get(1);
    byte[] broken = enoch.signature();
    broken[0] ^= 1;
    Note tampered =
        new Note(
            good.text(),
            List.of(
                good.signatures().get(0),
                new NoteSignature(enoch.name(), enoch.keyHash(), broken)));

    assertThatThrownBy(() -> tampered.verify(List.of(PETER, ENOCH)))
        .isInstanceOfSatisfying(
            NoteVerificationException.BadSignature.class,
            e -> assertThat(e.keyName()).isEqualTo("EnochRoot"));
  }

  @Test
  void signatureWithAKnownNameButAnotherKeyHashIsIgnored() {
    Note note = Note.parse(Fixtures.bytes("go-note-peterneumann.note"));
    NoteSignature peter = note.signatures().get(0);
    Note otherHash =
        new Note(
            note.text(),
            List.of(peter, new NoteSignature("PeterNeumann", 0x12345678, new byte[] {1})));

    assertThat(otherHash.verify(List.of(PETER)).unverified())
        .extracting(NoteSignature::keyHash)
        .containsExactly(0x12345678);
  }

  @Test
  void textChangedAfterSigningIsABadSignature() {
    Note note = Note.parse(Fixtures.bytes("go-sumdb-6476701.note"));
    Note moved = new Note(note.text().replace("6476701", "6476702"), note.signatures());

    assertThatThrownBy(() -> moved.verify(List.of(SUMDB)))
        .isInstanceOf(NoteVerificationException.BadSignature.class);
  }

  @Test
  void openingMalformedBytesIsAMalformedVerificationFailure() {
    assertThatThrownBy(
            () -> Note.open(Fixtures.bytes("go-note-malformed-no-newline.note"), List.of(PETER)))
        .isInstanceOfSatisfying(
            NoteVerificationException.Malformed.class,
            e -> {
              assertThat(e.check()).isEqualTo("note-signature");
              assertThat(e.problem()).contains("does not end with a newline");
            });
  }

  @Test
  void ambiguousVerifiersWithTheSameNameAndHashAreRefused() {
    Note note = Note.parse(Fixtures.bytes("go-note-peterneumann.note"));

    assertThatThrownBy(() -> note.verify(List.of(PETER, PETER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ambiguous");
  }
}
