package dev.custody.ingest.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import dev.custody.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The stored SBOM record: RFC 8785 canonical, and nothing in the document silently altered. */
class SbomRecordsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theEnvelopeIsTheCanonicalFormOfTheWholeRecord() throws Exception {
    SbomParser parser = new SbomParser();
    for (String f :
        List.of(
            "sbom/cyclonedx-bom-examples/juice-shop-npm-flat.cdx-1.4.json",
            "sbom/cyclonedx-spec-tests/1.6/valid-machine-learning-1.6.json",
            "sbom/spdx-tools-java/SPDXJSONExample-v2.3.spdx.json")) {
      byte[] body = Files.readAllBytes(TestData.resolve(f));
      SbomParser.Parsed p = parser.parse(body);
      NodeId subject = NodeId.parse("pkg:npm/x@1", "subject");
      ObjectNode whole = JSON.createObjectNode();
      whole.put("_type", SbomRecords.TYPE);
      whole.put("digest", p.digest());
      byte[] canonicalDocument = p.canonicalDocument();
      if (canonicalDocument.length > PayloadRefs.INLINE_LIMIT) {
        // Kept beside the log: the record names the document's canonical bytes.
        whole
            .putObject("documentRef")
            .put("digest", Payload.digestOf(canonicalDocument))
            .put("mediaType", "application/json")
            .put("size", canonicalDocument.length);
      } else {
        whole.set("document", JSON.readTree(body));
      }
      whole.put("format", p.format().label());
      whole.put("specVersion", p.specVersion());
      whole.put("subject", subject.toString());
      String expected = new JsonCanonicalizer(JSON.writeValueAsString(whole)).getEncodedString();
      assertThat(
              new String(
                  SbomRecords.envelope(p, subject).record().canonical(), StandardCharsets.UTF_8))
          .as(f)
          .isEqualTo(expected);
    }
  }

  @Test
  void anIntegerADoubleCannotHoldIsRefusedRatherThanAltered() {
    // Schema-valid (version is an integer of at least 1), but RFC 8785 would store
    // 12345678901234568.
    String valid =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":12345678901234567}";
    assertThatThrownBy(() -> new SbomParser().parse(valid.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.detail()).contains("cannot hold exactly"));
  }
}
