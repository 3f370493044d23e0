package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every upstream probe of transparency-dev/merkle (testdata/merkle/transparency-dev): probes with
 * {@code wantErr: true} must be rejected with a proof failure, the others must verify.
 */
class TransparencyDevProbesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = TestData.resolve("merkle/transparency-dev");

  static Stream<String> inclusionProbes() throws IOException {
    return probes("inclusion");
  }

  static Stream<String> consistencyProbes() throws IOException {
    return probes("consistency");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionProbes")
  void inclusionProbeHasTheExpectedVerdict(String file) throws IOException {
    JsonNode probe = JSON.readTree(ROOT.resolve(file).toFile());
    byte[] leafHash = bytes(probe, "leafHash");
    long index = probe.get("leafIdx").asLong();
    long size = probe.get("treeSize").asLong();
    List<byte[]> proof = hashes(probe.get("proof"));
    byte[] root = bytes(probe, "root");

    if (probe.get("wantErr").asBoolean()) {
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(leafHash, index, size, proof, root))
          .isInstanceOf(ProofException.class)
          .extracting(e -> ((ProofException) e).check())
          .isEqualTo(ProofException.INCLUSION);
    } else {
      assertThatCode(() -> ProofVerifier.verifyInclusion(leafHash, index, size, proof, root))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyProbes")
  void consistencyProbeHasTheExpectedVerdict(String file) throws IOException {
    JsonNode probe = JSON.readTree(ROOT.resolve(file).toFile());
    long size1 = probe.get("size1").asLong();
    long size2 = probe.get("size2").asLong();
    List<byte[]> proof = hashes(probe.get("proof"));
    byte[] root1 = bytes(probe, "root1");
    byte[] root2 = bytes(probe, "root2");

    if (probe.get("wantErr").asBoolean()) {
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2))
          .isInstanceOf(ProofException.class)
          .extracting(e -> ((ProofException) e).check())
          .isEqualTo(ProofException.CONSISTENCY);
    } else {
      assertThatCode(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2))
          .doesNotThrowAnyException();
    }
  }

  private static Stream<String> probes(String kind) throws IOException {
    Path dir = ROOT.resolve(kind);
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> p.toString().endsWith(".json"))
          .map(p -> ROOT.relativize(p).toString())
          .sorted()
          .forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no probes under " + dir);
    }
    return files.stream();
  }

  private static byte[] bytes(JsonNode probe, String field) {
    JsonNode node = probe.get(field);
    return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asText());
  }

  private static List<byte[]> hashes(JsonNode proof) {
    List<byte[]> out = new ArrayList<>();
    if (proof != null && !proof.isNull()) {
      proof.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    }
    return out;
  }
}
