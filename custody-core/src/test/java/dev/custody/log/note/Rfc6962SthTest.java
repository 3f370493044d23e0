package dev.custody.log.note;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The real argon2024 get-sth response, through the same code as 0x05 note signatures. */
class Rfc6962SthTest {
  private static final Rfc6962NoteVerifier ARGON =
      (Rfc6962NoteVerifier) Fixtures.verifier("ct.googleapis.com/logs/us1/argon2024");
  private static final JsonNode STH = Fixtures.json("ct-argon2024-sth.json");

  private static SignatureCheck check(long size, long timestamp, byte[] root, byte[] signature) {
    return ARGON.checkSth(size, timestamp, root, signature);
  }

  private static byte[] root() {
    return Base64.getDecoder().decode(STH.get("sha256_root_hash").asText());
  }

  private static byte[] signature() {
    return Base64.getDecoder().decode(STH.get("tree_head_signature").asText());
  }

  @Test
  void argon2024SignedTreeHeadVerifies() {
    assertThat(
            check(
                STH.get("tree_size").asLong(), STH.get("timestamp").asLong(), root(), signature()))
        .isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void anotherTreeSizeFails() {
    assertThat(
            check(
                STH.get("tree_size").asLong() + 1,
                STH.get("timestamp").asLong(),
                root(),
                signature()))
        .isInstanceOf(SignatureCheck.Invalid.class);
  }

  @Test
  void anotherTimestampFails() {
    assertThat(
            check(
                STH.get("tree_size").asLong(),
                STH.get("timestamp").asLong() - 1,
                root(),
                signature()))
        .isInstanceOf(SignatureCheck.Invalid.class);
  }

  @Test
  void anotherRootFails() {
    byte[] root = root();
    root[31] ^= 1;

    assertThat(
            check(STH.get("tree_size").asLong(), STH.get("timestamp").asLong(), root, signature()))
        .isInstanceOf(SignatureCheck.Invalid.class);
  }

  @Test
  void digitallySignedWithWrongLengthPrefixIsInvalidNotAnException() {
    byte[] signature = signature();
    signature[3]++;

    assertThat(
            check(STH.get("tree_size").asLong(), STH.get("timestamp").asLong(), root(), signature))
        .isEqualTo(
            SignatureCheck.invalid("DigitallySigned declares 72 signature bytes but has 71"));
  }

  @Test
  void digitallySignedWithRsaAlgorithmIsInvalid() {
    byte[] signature = signature();
    signature[1] = 1;

    assertThat(
            check(STH.get("tree_size").asLong(), STH.get("timestamp").asLong(), root(), signature))
        .isInstanceOfSatisfying(
            SignatureCheck.Invalid.class, i -> assertThat(i.reason()).contains("ecdsa(3)"));
  }
}
