package dev.custody.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadRefsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode doc(int padBytes) {
    return JSON.createObjectNode().put("pad", "x".repeat(padBytes));
  }

  static byte[] bytes(JsonNode doc) throws Exception {
    return JSON.writeValueAsBytes(doc); // one string member: already canonical
  }

  @Test
  void aSmallDocumentStaysInline() throws Exception {
    JsonNode d = doc(100);
    ObjectNode root = JSON.createObjectNode();
    assertThat(PayloadRefs.putJson(root, d, bytes(d))).isEmpty();
    assertThat(root.get("document")).isEqualTo(d);
    assertThat(root.has(PayloadRefs.REF)).isFalse();
    assertThat(PayloadRefs.resolve(root, PayloadSource.NONE)).isSameAs(root);
  }

  @Test
  void aLargeDocumentIsNamedByDigestAndSizeAndResolvesToTheSameDocument() throws Exception {
    JsonNode d = doc(PayloadRefs.INLINE_LIMIT);
    byte[] b = bytes(d);
    ObjectNode root = JSON.createObjectNode().put("_type", "t");
    Payload p = PayloadRefs.putJson(root, d, b).orElseThrow();
    assertThat(p.body()).isEqualTo(b);
    assertThat(p.digest()).isEqualTo(Payload.digestOf(b));
    assertThat(root.has("document")).isFalse();
    assertThat(root.at("/documentRef/digest").asText()).isEqualTo(p.digest());
    assertThat(root.at("/documentRef/size").asLong()).isEqualTo(b.length);
    assertThat(root.at("/documentRef/mediaType").asText()).isEqualTo("application/json");
    assertThat(PayloadRefs.digestOf(root)).contains(p.digest());

    JsonNode resolved = PayloadRefs.resolve(root, PayloadSource.of(p));
    assertThat(resolved.get("document")).isEqualTo(d);
    assertThat(resolved.has(PayloadRefs.REF)).isFalse();
    assertThat(resolved.get("_type").asText()).isEqualTo("t");
    assertThat(root.has(PayloadRefs.REF)).as("the given root is left as it was").isTrue();
  }

  @Test
  void aTextDocumentResolvesToAString() {
    byte[] xml =
        ("<bom>" + "y".repeat(PayloadRefs.INLINE_LIMIT) + "</bom>")
            .getBytes(StandardCharsets.UTF_8);
    ObjectNode root = JSON.createObjectNode();
    Payload p = PayloadRefs.putText(root, "application/vnd.cyclonedx+xml", xml).orElseThrow();
    assertThat(PayloadRefs.resolve(root, PayloadSource.of(p)).get("document").asText())
        .isEqualTo(new String(xml, StandardCharsets.UTF_8));
  }

  @Test
  void aMissingPayloadIsRefusedNamingTheDigest() throws Exception {
    JsonNode d = doc(PayloadRefs.INLINE_LIMIT + 1);
    ObjectNode root = JSON.createObjectNode();
    PayloadRefs.putJson(root, d, bytes(d));
    assertThatThrownBy(() -> PayloadRefs.resolve(root, PayloadSource.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasFieldOrPropertyWithValue("field", "/documentRef/digest")
        .hasMessageContaining("is not stored");
  }

  @Test
  void bytesThatNoLongerMatchTheDigestAreRefused() throws Exception {
    JsonNode d = doc(PayloadRefs.INLINE_LIMIT + 1);
    byte[] b = bytes(d);
    ObjectNode root = JSON.createObjectNode();
    Payload p = PayloadRefs.putJson(root, d, b).orElseThrow();
    byte[] tampered = b.clone();
    tampered[20] = 'z';
    Payload swapped = new Payload(p.digest(), p.mediaType(), tampered);
    assertThatThrownBy(() -> PayloadRefs.resolve(root, digest -> Optional.of(swapped)))
        .isInstanceOf(InvalidInputException.class)
        .hasFieldOrPropertyWithValue("field", "/documentRef")
        .hasMessageContaining("does not match");
  }

  @Test
  void aMalformedReferenceIsRefusedNamingTheMember() {
    ObjectNode bad = JSON.createObjectNode();
    bad.putObject(PayloadRefs.REF).put("digest", "md5:abc");
    assertThatThrownBy(() -> PayloadRefs.resolve(bad, PayloadSource.NONE))
        .hasFieldOrPropertyWithValue("field", "/documentRef/digest");
    ObjectNode both = JSON.createObjectNode();
    both.putObject(PayloadRefs.REF);
    both.put("document", "inline too");
    assertThatThrownBy(() -> PayloadRefs.resolve(both, PayloadSource.NONE))
        .hasFieldOrPropertyWithValue("field", "/documentRef");
  }
}
