package dev.custody.query;

import dev.custody.model.NodeId;
import dev.custody.model.RecordId;
import dev.custody.store.GraphNode;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The whole recorded chain of one artifact or image: where it came from (source commits, builds,
 * builders, materials), what it contains (SBOM components, with the SBOM that listed each), the
 * attestations about it with the verdict the server logged for each, and where it runs
 * (deployments, pods; other activities that used it, such as a build that took it as a material or
 * a deployment whose type no record stated, are {@code usedBy}). Every item names the log index of
 * the record that stated it; {@code records} gives each such record's id.
 *
 * @param subject the node asked about
 * @param aliases its other ids (an image's bare digest, or the images named by it)
 * @param sections by name ({@link ProvenanceService#SECTIONS}, in order), the items found
 * @param attestations the attestations about it, each with its verdict
 * @param records the id of every record an item names, by log index
 */
public record Provenance(
    GraphNode subject,
    List<NodeId> aliases,
    Map<String, List<Item>> sections,
    List<AttestationItem> attestations,
    long logSize,
    byte[] rootHash,
    StoredCheckpoint checkpoint,
    Map<Long, RecordId> records) {
  public Provenance {
    aliases = List.copyOf(aliases);
    sections = Map.copyOf(sections);
    attestations = List.copyOf(attestations);
    records = Map.copyOf(records);
  }

  /** How many attestations verified (only those whose logged verdict says so). */
  public long verifiedCount() {
    return attestations.stream().filter(AttestationItem::verified).count();
  }

  /**
   * One thing in the chain.
   *
   * @param node the node, as it stood at the answer's log size
   * @param via the node it was found through (the build of a commit, the SBOM of a component, the
   *     deployment of a pod), if any
   * @param logIndex the log index of the record that stated the link
   */
  public record Item(GraphNode node, @Nullable NodeId via, long logIndex) {}

  /**
   * One attestation about the subject.
   *
   * @param id the attestation's id
   * @param build the build it describes, if found through one
   * @param verdict the latest verdict the server logged for it; null when it logged none
   * @param problem why the verdict does not count for this subject, if it does not (the
   *     attestation's statement does not name it); null otherwise
   * @param logIndex the record of the verdict, else of the statement that named the attestation
   */
  public record AttestationItem(
      NodeId id,
      @Nullable NodeId build,
      @Nullable RecordedVerdict verdict,
      @Nullable String problem,
      long logIndex) {
    /** Verified only when the server logged a verified verdict and it is about this subject. */
    public boolean verified() {
      return verdict != null && problem == null && verdict.verified();
    }

    /** Why it is not verified, or that all checks passed. */
    public String reason() {
      if (problem != null) {
        return problem;
      }
      return verdict == null ? "no verification of this attestation is logged" : verdict.reason();
    }
  }
}
