package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointTest {
  private static final String ROOT = "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=";

  private static Checkpoint fromFixture(String file) {
    return Checkpoint.parse(Note.parse(Fixtures.bytes(file)).text());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "go-sumdb-6476701.note | go.sum database tree | 6476701 | " + ROOT,
        "pixel6-transparency-log-10.note | DEFAULT | 10 | bsWRucJU5xJPHb5eBdOm6+DM+VelCZBuvtI3sHERJ9Y=",
        "rekor-sigstore-798034.note | Rekor | 798034 | f+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=",
        "rome-ct-2024h1-115474666.note | rome.ct.filippo.io/2024h1 | 115474666 |"
            + " 2q1K6aiIJR+F7TyhiWOghoWOjY0/3dVBLsBbAvB4xCw=",
      })
  void realCheckpointsGiveTheirOriginSizeAndRoot(
      String file, String origin, long size, String root) {
    Checkpoint checkpoint = fromFixture(file);

    assertThat(checkpoint.origin()).isEqualTo(origin);
    assertThat(checkpoint.size()).isEqualTo(size);
    assertThat(checkpoint.rootHash()).isEqualTo(Base64.getDecoder().decode(root));
    assertThat(checkpoint.extensionLines()).isEmpty();
  }

  @Test
  void sigstoreCheckpointKeepsItsTimestampExtensionLine() {
    Checkpoint checkpoint = fromFixture("sigstore-java-valid.txt");

    assertThat(checkpoint.origin()).isEqualTo("rekor.sigstore.dev - 2605736670972794746");
    assertThat(checkpoint.size()).isEqualTo(37795272);
    assertThat(checkpoint.extensionLines()).containsExactly("Timestamp: 1697034484441201852");
  }

  @Test
  void noteTextRoundTripsExactly() {
    String text = Note.parse(Fixtures.bytes("sigstore-java-valid.txt")).text();

    assertThat(Checkpoint.parse(text).toNoteText()).isEqualTo(text);
  }

  // Must-fail fixtures whose note is well formed but whose body is not a checkpoint.

  @Test
  void sigstoreHeaderCountBodyHasTooFewLines() {
    assertMalformed(
        Note.parse(Fixtures.bytes("sigstore-java-error_header_count.txt")).text(),
        "at least 3 lines");
  }

  @Test
  void sigstoreNotANumberBodyHasANonDecimalSize() {
    assertMalformed(
        Note.parse(Fixtures.bytes("sigstore-java-error_not_a_number.txt")).text(),
        "line 2: tree size \"abcdefg\"");
  }

  // Synthetic cases.

  @ParameterizedTest
  @CsvSource({"007, leading zeros", "+7, sign", "-7, sign", "' 7', space", "7.0, fraction"})
  void sizeMustBeCanonicalDecimal(String size, String why) {
    assertMalformed("o\n" + size + "\n" + ROOT + "\n", "line 2: tree size");
  }

  @Test
  void sizeZeroIsTheEmptyTree() {
    assertThat(Checkpoint.parse("o\n0\n" + ROOT + "\n").size()).isZero();
  }

  @Test
  void sizeAboveTwoToTheSixtyThreeIsRefused() {
    assertMalformed("o\n9223372036854775808\n" + ROOT + "\n", "larger than 2^63-1");
  }

  @Test
  void largestSignedSizeIsAccepted() {
    assertThat(Checkpoint.parse("o\n9223372036854775807\n" + ROOT + "\n").size())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rootHashOfThirtyOneBytesIsRefused() {
    String root = Base64.getEncoder().encodeToString(new byte[31]);

    assertMalformed("o\n1\n" + root + "\n", "root hash must be 32 bytes");
  }

  @Test
  void rootHashNotBase64IsRefused() {
    assertMalformed("o\n1\n" + ROOT.replace('=', '*') + "\n", "line 3: root hash");
  }

  @Test
  void emptyOriginIsRefused() {
    assertMalformed("\n1\n" + ROOT + "\n", "origin is empty");
  }

  @Test
  void emptyExtensionLineIsRefused() {
    assertMalformed("o\n1\n" + ROOT + "\next\n\n", "line 5: extension lines must not be empty");
  }

  @Test
  void missingFinalNewlineIsRefused() {
    assertMalformed("o\n1\n" + ROOT, "must end with a newline");
  }

  @Test
  void constructorRefusesOriginWithNewline() {
    assertThatThrownBy(() -> new Checkpoint("a\nb", 1, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityComparesRootBytes() {
    assertThat(new Checkpoint("o", 1, new byte[32], List.of("x")))
        .isEqualTo(new Checkpoint("o", 1, new byte[32], List.of("x")))
        .isNotEqualTo(new Checkpoint("o", 1, new byte[32]));
  }

  private static void assertMalformed(String text, String detail) {
    assertThatThrownBy(() -> Checkpoint.parse(text))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("checkpoint"))
        .hasMessageStartingWith("malformed checkpoint: ")
        .hasMessageContaining(detail);
  }
}
