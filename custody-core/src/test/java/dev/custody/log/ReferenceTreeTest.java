package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 reference tree of transparency-dev/merkle (8 leaves, every node hash, the root of
 * every size 0..8): our hashing, {@link Proofs} and the test's {@link ReferenceMerkle} reproduce it
 * exactly. The file lists no proofs, so proofs are checked against the reference implementation
 * over its nodes.
 */
class ReferenceTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode tree;
  private static List<byte[]> leaves;
  private static MemoryHashReader nodes;

  @BeforeAll
  static void load() throws IOException {
    tree =
        new ObjectMapper()
            .readTree(TestData.resolve("merkle/rfc6962-reference-tree.json").toFile());
    leaves = new ArrayList<>();
    tree.get("leaf_inputs_hex")
        .forEach(e -> leaves.add(Rfc6962.leafHash(HEX.parseHex(e.asText()))));
    List<List<byte[]>> levels = new ArrayList<>();
    for (JsonNode level : tree.get("node_hashes_by_level_hex")) {
      List<byte[]> hashes = new ArrayList<>();
      level.forEach(h -> hashes.add(HEX.parseHex(h.asText())));
      levels.add(hashes);
    }
    nodes = MemoryHashReader.ofLevels(levels);
  }

  @Test
  void leafHashesOfTheInputsAreTheLevelZeroNodes() {
    List<String> expected = new ArrayList<>();
    tree.get("node_hashes_by_level_hex").get(0).forEach(h -> expected.add(h.asText()));
    assertThat(leaves).map(HEX::formatHex).containsExactlyElementsOf(expected);
  }

  @Test
  void emptyRootIsTheHashOfNothing() {
    assertThat(HEX.formatHex(Rfc6962.emptyRoot()))
        .isEqualTo(tree.get("root_hash_by_tree_size_hex").get("0").asText());
  }

  @Test
  void rootHashOverTheStoredNodesMatchesEveryListedRoot() {
    tree.get("root_hash_by_tree_size_hex")
        .properties()
        .forEach(e ->
            assertThat(HEX.formatHex(Proofs.rootHash(nodes, Long.parseLong(e.getKey()))))
                .as("size %s", e.getKey())
                .isEqualTo(e.getValue().asText()));
  }

  @Test
  void referenceImplementationMatchesEveryListedRoot() {
    tree.get("root_hash_by_tree_size_hex")
        .properties()
        .forEach(e -> {
          int size = Integer.parseInt(e.getKey());
          assertThat(HEX.formatHex(ReferenceMerkle.mth(leaves.subList(0, size))))
              .as("size %s", size)
              .isEqualTo(e.getValue().asText());
        });
  }

  @Test
  void everyInclusionProofMatchesTheReferenceAndVerifies() {
    for (int size = 1; size <= leaves.size(); size++) {
      byte[] root = ReferenceMerkle.mth(leaves.subList(0, size));
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = Proofs.inclusion(nodes, index, size);
        assertThat(proof)
            .as("leaf %d of %d", index, size)
            .usingElementComparator(java.util.Arrays::compare)
            .containsExactlyElementsOf(ReferenceMerkle.path(index, leaves.subList(0, size)));
        ProofVerifier.verifyInclusion(leaves.get(index), index, size, proof, root);
      }
    }
  }

  @Test
  void everyConsistencyProofMatchesTheReferenceAndVerifies() {
    for (int size2 = 1; size2 <= leaves.size(); size2++) {
      for (int size1 = 1; size1 <= size2; size1++) {
        List<byte[]> proof = Proofs.consistency(nodes, size1, size2);
        assertThat(proof)
            .as("%d -> %d", size1, size2)
            .usingElementComparator(java.util.Arrays::compare)
            .containsExactlyElementsOf(ReferenceMerkle.proof(size1, leaves.subList(0, size2)));
        ProofVerifier.verifyConsistency(
            size1,
            size2,
            proof,
            ReferenceMerkle.mth(leaves.subList(0, size1)),
            ReferenceMerkle.mth(leaves.subList(0, size2)));
      }
    }
  }
}
