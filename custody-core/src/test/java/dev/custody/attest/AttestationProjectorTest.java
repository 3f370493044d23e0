package dev.custody.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.model.ProvRecord;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored envelope says by itself what it is: ProvenanceReader projects it from the bytes. */
class AttestationProjectorTest {
  final AttestationParser parser = new AttestationParser(true);

  ProvRecord stored(String file, TrustPolicy trust) throws IOException {
    byte[] bytes = Files.readAllBytes(TestData.resolve(file));
    JsonNode doc = parser.documents(bytes, 1 << 24).get(0);
    Attestation a = parser.read(doc, "").get(0);
    Verdict v = new AttestationVerifier(trust).verify(a, null, AttestationVerifierTest.NOW);
    CanonicalRecord r = AttestationRecords.envelope(doc, a, v).record();
    return new ProvenanceReader().read(r.canonical()).orElseThrow();
  }

  static List<String> edges(ProvRecord p) {
    return p.edges().stream()
        .map(e -> e.subject() + " " + e.relation().label() + " " + e.object())
        .toList();
  }

  @Test
  void gcbProvenanceMapsSubjectBuildSourceCommitAndBuilder() throws IOException {
    ProvRecord p =
        stored("slsa/gcb/gcloud-container-gcs.json", AttestationVerifierTest.testTrust());
    String subject = "sha256:9dcfacc497b61c4d2ff5708e644c060726781fae514dc8ba71c49dced675bcbe";
    String build = "urn:custody:build:";
    assertThat(edges(p))
        .anySatisfy(e -> assertThat(e).startsWith(subject + " wasGeneratedBy " + build))
        .anySatisfy(e ->
            assertThat(e)
                .startsWith(build)
                .endsWith(
                    " wasAssociatedWith https://cloudbuild.googleapis.com/GoogleHostedWorker@v0.3"))
        .anySatisfy(e -> assertThat(e).contains(" used sha256:"))
        .anySatisfy(e -> assertThat(e).startsWith("urn:custody:verification:"));
    Node verification =
        p.nodes().stream()
            .filter(n -> "attestation-verification".equals(n.type()))
            .findFirst()
            .orElseThrow();
    assertThat(verification.attributes()).containsEntry("custody:verdict", "\"verified\"");
    Node b = p.nodes().stream().filter(n -> "build".equals(n.type())).findFirst().orElseThrow();
    assertThat(b.attributes())
        .containsEntry(
            "slsa:buildType", "\"https://cloudbuild.googleapis.com/CloudBuildSteps@v0.1\"")
        .containsEntry("custody:verified", "true")
        .containsKey("slsa:parameters");
  }

  @Test
  void slsaV1MapsResolvedDependenciesAndTheSourceCommit() throws IOException {
    ProvRecord p = stored("slsa/gha/bazel-trusted-dsseEnvelope.build.slsa", TrustPolicy.empty());
    assertThat(edges(p))
        .anySatisfy(e ->
            assertThat(e)
                .startsWith(
                    "sha256:caaadba2846905ac477c777e96a636e1c2e067fdf6fed90ec9eeca4df18d6ed9 wasGeneratedBy "))
        .anySatisfy(e -> assertThat(e).contains(" used git+https://github.com/"));
    Node b = p.nodes().stream().filter(n -> "build".equals(n.type())).findFirst().orElseThrow();
    assertThat(b.attributes()).containsEntry("custody:verified", "false");
  }

  @Test
  void slsaV02MapsTheSourceCommitTheBuilderAndTheInvocation() throws IOException {
    ProvRecord p =
        stored(
            "slsa/gha/gha_generic-v1.2.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl",
            TrustPolicy.empty());
    String commit =
        "git+https://github.com/slsa-framework/example-package@0284207f2a7ad5d413a41fe5744640d4188d45bc";
    assertThat(edges(p))
        .anySatisfy(e ->
            assertThat(e)
                .startsWith(
                    "sha256:d1faeb68e9bf4b3790bb08cc39fd2afb68ee37371c8b9f705e2e68f449b56240"
                        + " wasGeneratedBy urn:custody:build:"))
        .anySatisfy(e -> assertThat(e).startsWith("urn:custody:build:").endsWith(" used " + commit))
        .anySatisfy(e ->
            assertThat(e)
                .endsWith(
                    " wasAssociatedWith https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.2.0"));
    Node b = p.nodes().stream().filter(n -> "build".equals(n.type())).findFirst().orElseThrow();
    assertThat(b.attributes())
        .containsEntry("slsa:invocationId", "\"2700377829-1\"")
        .containsEntry(
            "slsa:buildType", "\"https://github.com/slsa-framework/slsa-github-generator@v1\"");
  }

  @Test
  void theVerdictIsReadFromTheRecordNotRedone() throws IOException {
    // Verified with the test keys, then read back with no keys at all: still verified.
    ProvRecord p =
        stored("slsa/gcb/gcloud-container-gcs.json", AttestationVerifierTest.testTrust());
    assertThat(p.nodes())
        .filteredOn(n -> "attestation".equals(n.type()))
        .singleElement()
        .satisfies(n -> assertThat(n.attributes()).containsEntry("custody:verified", "true"));
    assertThat(p.edges()).extracting(Edge::relation).isNotEmpty();
  }
}
