package dev.custody.ingest.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The graph an SBOM becomes, on small documents that exercise each naming and edge rule. */
class SbomProjectorTest {
  static final String DIGEST = "a".repeat(64);

  static ProvRecord project(String document, @Nullable String subject) {
    try {
      return projectOrThrow(document, subject);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ProvRecord projectOrThrow(String document, @Nullable String subject)
      throws java.io.IOException {
    SbomParser.Parsed p = new SbomParser().parse(document.getBytes(StandardCharsets.UTF_8));
    NodeId s = subject == null ? null : NodeId.parse(subject, "subject");
    SbomRecords.Envelope e = SbomRecords.envelope(p, s);
    return new SbomProjector()
        .project(
            SbomRecords.read(
                dev.custody.model.PayloadRefs.resolve(
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(e.record().canonical()),
                    dev.custody.model.PayloadSource.of(e.payload()))));
  }

  static List<String> edges(ProvRecord r) {
    return r.edges().stream()
        .map(e ->
            e.subject()
                + " "
                + e.relation().label()
                + " "
                + e.object()
                + (e.attributes().isEmpty() ? "" : " +sbom"))
        .toList();
  }

  static String sbomId(String document) {
    return SbomParser.digest(document.getBytes(StandardCharsets.UTF_8));
  }

  static final String CDX =
      """
      {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
       "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app",
         "purl": "pkg:npm/app@1.0.0",
         "hashes": [{"alg": "SHA-256", "content": "%s"}]}},
       "components": [
         {"type": "library", "name": "a", "bom-ref": "a", "purl": "pkg:npm/a@1.0.0"},
         {"type": "library", "name": "b", "bom-ref": "b",
          "components": [{"type": "library", "name": "inner"}]},
         {"type": "library", "name": "c", "bom-ref": "c", "purl": "not a purl",
          "hashes": [{"alg": "SHA-512", "content": "%s"}]}
       ],
       "dependencies": [
         {"ref": "app", "dependsOn": ["a"]},
         {"ref": "a", "dependsOn": ["b", "a", "missing"]}
       ]}
      """
          .formatted(DIGEST, "b".repeat(128));

  @Test
  void aCycloneDxArtifactIsNamedByDigestAndComponentsByPurlElseDigestElseARef() {
    ProvRecord r = project(CDX, null);
    String sbom = sbomId(CDX);
    String hex = sbom.substring(7);
    assertThat(r.nodes())
        .extracting(n -> n.id() + " " + n.type())
        .containsExactlyInAnyOrder(
            sbom + " sbom",
            "sha256:" + DIGEST + " artifact",
            "pkg:npm/a@1.0.0 package",
            "urn:custody:sbom:" + hex + ":ref:b package",
            "urn:custody:sbom:" + hex + ":ref:%23%2Fcomponents%2F1%2Fcomponents%2F0 package",
            "sha512:" + "b".repeat(128) + " package");
    assertThat(edges(r))
        .containsExactly(
            sbom + " wasDerivedFrom sha256:" + DIGEST,
            "sha256:" + DIGEST + " wasDerivedFrom pkg:npm/a@1.0.0 +sbom",
            "sha256:" + DIGEST + " wasDerivedFrom urn:custody:sbom:" + hex + ":ref:b +sbom",
            "sha256:"
                + DIGEST
                + " wasDerivedFrom urn:custody:sbom:"
                + hex
                + ":ref:%23%2Fcomponents%2F1%2Fcomponents%2F0 +sbom",
            "sha256:" + DIGEST + " wasDerivedFrom sha512:" + "b".repeat(128) + " +sbom",
            "pkg:npm/a@1.0.0 wasDerivedFrom urn:custody:sbom:" + hex + ":ref:b +sbom");
    Edge derived = r.edges().get(1);
    assertThat(derived.attributes()).containsEntry("custody:sbom", "\"" + sbom + "\"");
    Node sbomNode = r.nodes().get(0);
    assertThat(sbomNode.attributes())
        .containsEntry("format", "\"CycloneDX\"")
        .containsEntry("specVersion", "\"1.5\"");
    assertThat(r.claimedTime()).isNull();
  }

  static final String SPDX =
      """
      {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
       "name": "doc", "documentNamespace": "https://example.com/doc-1",
       "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: test"]},
       "packages": [
         {"SPDXID": "SPDXRef-app", "name": "app", "downloadLocation": "NOASSERTION",
          "filesAnalyzed": false},
         {"SPDXID": "SPDXRef-lib", "name": "lib", "versionInfo": "2.0",
          "downloadLocation": "NOASSERTION", "filesAnalyzed": false,
          "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                            "referenceLocator": "pkg:pypi/lib@2.0"}]},
         {"SPDXID": "SPDXRef-dep", "name": "dep", "downloadLocation": "NOASSERTION",
          "filesAnalyzed": false,
          "checksums": [{"algorithm": "SHA256", "checksumValue": "%s"}]}
       ],
       "relationships": [
         {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
          "relatedSpdxElement": "SPDXRef-app"},
         {"spdxElementId": "SPDXRef-lib", "relationshipType": "DEPENDENCY_OF",
          "relatedSpdxElement": "SPDXRef-app"},
         {"spdxElementId": "SPDXRef-dep", "relationshipType": "RUNTIME_DEPENDENCY_OF",
          "relatedSpdxElement": "SPDXRef-lib"},
         {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON",
          "relatedSpdxElement": "NOASSERTION"}
       ]}
      """
          .formatted("c".repeat(64));

  @Test
  void anUnidentifiedSpdxArtifactTakesTheSubjectAndDependencyOfIsReversed() {
    String image = "ghcr.io/acme/app@sha256:" + DIGEST;
    ProvRecord r = project(SPDX, image);
    String sbom = sbomId(SPDX);
    assertThat(edges(r))
        .containsExactly(
            sbom + " wasDerivedFrom " + image,
            image + " wasDerivedFrom pkg:pypi/lib@2.0 +sbom",
            image + " wasDerivedFrom sha256:" + "c".repeat(64) + " +sbom",
            "pkg:pypi/lib@2.0 wasDerivedFrom sha256:" + "c".repeat(64) + " +sbom");
    assertThat(r.nodes())
        .filteredOn(n -> n.id().toString().equals(image))
        .extracting(Node::type)
        .containsExactly("container-image");
  }

  @Test
  void withNoSubjectAnUnidentifiedArtifactIsNamedByItsRefInThisSbom() {
    ProvRecord r = project(SPDX, null);
    String hex = sbomId(SPDX).substring(7);
    assertThat(r.edges().get(0).object().toString())
        .isEqualTo("urn:custody:sbom:" + hex + ":ref:SPDXRef-app");
  }
}
