package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.VerificationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedCheckpointTest {
  private static final NoteVerifier SUMDB = Fixtures.verifier("sum.golang.org");

  @Test
  void signedCheckpointOpensWithTheSignersVerifierKey() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("custody.example/log");
    Checkpoint checkpoint =
        new Checkpoint("custody.example/log", 3, new byte[32], List.of("ext one"));

    String signed = SignedCheckpoint.sign(checkpoint, signer);

    assertThat(SignedCheckpoint.open(signed, List.of(NoteVerifiers.parse(signer.verifierKey()))))
        .isEqualTo(checkpoint);
  }

  @Test
  void signedCheckpointIsTheCheckpointTextThenOneSignatureLine() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("custody.example/log");
    Checkpoint checkpoint = new Checkpoint("custody.example/log", 0, new byte[32]);

    String signed = SignedCheckpoint.sign(checkpoint, signer);

    assertThat(signed)
        .startsWith(checkpoint.toNoteText() + "\n\u2014 custody.example/log ")
        .endsWith("\n");
    assertThat(Note.parse(signed).signatures()).hasSize(1);
  }

  @Test
  void realSumdbCheckpointOpensWithTheExpectedOrigin() {
    Checkpoint checkpoint =
        SignedCheckpoint.open(
            Fixtures.text("go-sumdb-6476701.note"), "go.sum database tree", List.of(SUMDB));

    assertThat(checkpoint.size()).isEqualTo(6476701);
  }

  @Test
  void realSumdbCheckpointFailsWhenAnotherOriginIsExpected() {
    assertThatThrownBy(() ->
            SignedCheckpoint.open(
                Fixtures.text("go-sumdb-6476701.note"), "sum.golang.org", List.of(SUMDB)))
        .isInstanceOfSatisfying(
            CheckpointOriginException.class,
            e -> {
              assertThat(e.check()).isEqualTo("checkpoint-origin");
              assertThat(e.actual()).isEqualTo("go.sum database tree");
              assertThat(e.expected()).isEqualTo("sum.golang.org");
            });
  }

  @Test
  void verifiedNoteWhoseTextIsNotACheckpointFails() {
    Ed25519NoteSigner signer = Ed25519NoteSigner.generate("k");
    String signed = signer.signNote("just prose\n").formatString();

    assertThatThrownBy(() -> SignedCheckpoint.open(signed, List.of(signer.verifier())))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.check()).isEqualTo("checkpoint"));
  }

  @Test
  void malformedSignedCheckpointIsAMalformedNote() {
    assertThatThrownBy(() ->
            SignedCheckpoint.open(
                Fixtures.text("sigstore-java-error_no_signatures.txt"),
                List.of(Fixtures.verifier("rekor.sigstore.dev"))))
        .isInstanceOf(NoteVerificationException.Malformed.class);
  }

  @Test
  void rfc6962SignedCheckpointWithExtensionLinesIsRefused() {
    String rome = Fixtures.text("rome-ct-2024h1-115474666.note");
    String withExtension = rome.replace("xCw=\n\n", "xCw=\nextra\n\n");

    assertThatThrownBy(() ->
            SignedCheckpoint.open(
                withExtension, List.of(Fixtures.verifier("rome.ct.filippo.io/2024h1"))))
        .isInstanceOfSatisfying(
            NoteVerificationException.BadSignature.class,
            e -> assertThat(e.reason()).contains("extension lines"));
  }
}
