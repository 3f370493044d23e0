package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.NodeId;
import dev.custody.model.RecordId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import dev.custody.store.NodeAttribute;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The provenance of one artifact or image ({@link Provenance}), read from the graph at a log size,
 * every alias of it answering the same. Attestations are found through the builds that generated
 * the subject (a build projected from SLSA provenance names its attestation in {@code
 * custody:attestation}); their verdicts are read only from the attestation records the server
 * logged, never from graph statements a producer could have written, and a verdict whose
 * attestation does not name the subject among its subjects does not count. Thread safe; reads only.
 */
public final class ProvenanceService {
  /** The sections of an answer, in order. */
  public static final List<String> SECTIONS =
      List.of(
          "sources",
          "builds",
          "builders",
          "materials",
          "sboms",
          "components",
          "deployments",
          "pods",
          "usedBy");

  /** At most this many items a section (the answer says when one is cut). */
  public static final int MAX_ITEMS = 10_000;

  private static final String ATTESTATION_ATTRIBUTE = "custody:attestation";
  private static final String SBOM_ATTRIBUTE = "custody:sbom";

  private final LogStore store;
  private final TiledHashReader hashes;
  private final AnswerProver prover;
  private final RecordedVerdict.Reader verdicts;

  /**
   * @param verdicts reads a logged verdict out of an attestation record
   */
  public ProvenanceService(LogStore store, RecordedVerdict.Reader verdicts) {
    this.store = store;
    this.hashes = new TiledHashReader(store, 64);
    this.prover = new AnswerProver(store, hashes);
    this.verdicts = verdicts;
  }

  /**
   * The provenance of {@code id} ({@code sha256:…} or {@code repository@sha256:…}) at log size
   * {@code asOf} (null: the latest checkpoint's).
   *
   * @throws InvalidInputException 400 naming {@code digest} when the id is not a digest or an
   *     image; 400 naming {@code asOf} when beyond the latest checkpoint; 404 naming {@code digest}
   *     when no record below the log size states it
   */
  public Provenance provenance(NodeId id, @Nullable Long asOf) {
    if (id.scheme() != NodeId.Scheme.DIGEST && id.scheme() != NodeId.Scheme.IMAGE) {
      throw InvalidInputException.badRequest(
          "digest", "'digest' must be sha256:<hex> or <repository>@sha256:<hex>, got " + id);
    }
    StoredCheckpoint latest =
        store
            .latestCheckpoint()
            .orElseGet(() -> new StoredCheckpoint(0, Proofs.rootHash(hashes, 0), "", 0));
    long size = asOf == null ? latest.size() : asOf;
    if (size > latest.size()) {
      throw InvalidInputException.badRequest(
          "asOf",
          "'asOf' must be at most the latest checkpoint's size " + latest.size() + ", got " + size);
    }
    Set<NodeId> same = aliases(id, size);
    Map<NodeId, GraphNode> known = store.nodesAsOf(same, size);
    if (!known.containsKey(id)) {
      throw InvalidInputException.notFound(
          "digest", "no record below log size " + size + " states artifact " + id);
    }
    Chain c = new Chain(size);
    c.read(same);
    List<NodeId> aliases = new ArrayList<>(same);
    aliases.remove(id);
    byte[] root = size == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, size);
    Map<Long, RecordId> records = prover.ids(c.indexes());
    return new Provenance(
        known.get(id), aliases, c.sections, c.attestations, size, root, latest, records);
  }

  /**
   * The proof of every record {@code answer} names, against its root and the latest checkpoint.
   *
   * @throws InvalidInputException 400 naming {@code proofs} past {@value AnswerProver#MAX_RECORDS}
   *     records
   */
  public AnswerProof prove(Provenance answer) {
    return prover.proveRecords(
        new TreeSet<>(answer.records().keySet()),
        answer.logSize(),
        answer.rootHash(),
        answer.checkpoint());
  }

  /** {@code id} and its aliases by identity links, both ways, transitively, below {@code asOf}. */
  private Set<NodeId> aliases(NodeId id, long asOf) {
    Set<NodeId> all = new LinkedHashSet<>(List.of(id));
    id.digestAlias().ifPresent(all::add);
    Collection<NodeId> frontier = List.copyOf(all);
    while (!frontier.isEmpty()) {
      List<NodeId> next = new ArrayList<>();
      for (GraphEdge e : store.identityLinks(frontier, asOf)) {
        for (NodeId end : List.of(e.subject(), e.object())) {
          if (all.add(end)) {
            next.add(end);
          }
        }
      }
      frontier = next;
    }
    return all;
  }

  /** One answer being assembled. */
  private final class Chain {
    final long asOf;
    final Map<String, List<Provenance.Item>> sections = new LinkedHashMap<>();
    final List<Provenance.AttestationItem> attestations = new ArrayList<>();
    private final Map<NodeId, GraphNode> nodes = new LinkedHashMap<>();
    private final Set<List<Object>> added = new HashSet<>();

    Chain(long asOf) {
      this.asOf = asOf;
      SECTIONS.forEach(s -> sections.put(s, new ArrayList<>()));
    }

    void read(Set<NodeId> subject) {
      List<GraphEdge> generated = store.edgesFrom(subject, Set.of(Relation.WAS_GENERATED_BY), asOf);
      List<GraphEdge> derived = store.edgesFrom(subject, Set.of(Relation.WAS_DERIVED_FROM), asOf);
      List<GraphEdge> usedBy = store.edgesTo(subject, Set.of(Relation.USED), asOf);
      List<GraphEdge> derivedBy = store.edgesTo(subject, Set.of(Relation.WAS_DERIVED_FROM), asOf);
      Set<NodeId> builds = new LinkedHashSet<>();
      generated.forEach(e -> builds.add(e.object()));
      List<GraphEdge> buildUsed = store.edgesFrom(builds, Set.of(Relation.USED), asOf);
      List<GraphEdge> buildAgents =
          store.edgesFrom(builds, Set.of(Relation.WAS_ASSOCIATED_WITH), asOf);
      Set<NodeId> ids = new HashSet<>(builds);
      for (List<GraphEdge> l : List.of(derived, usedBy, derivedBy, buildUsed, buildAgents)) {
        for (GraphEdge e : l) {
          ids.add(e.subject());
          ids.add(e.object());
        }
      }
      nodes.putAll(store.nodesAsOf(ids, asOf));

      generated.forEach(e -> add("builds", e.object(), null, e.logIndex()));
      for (GraphEdge e : buildAgents) {
        add("builders", e.object(), e.subject(), e.logIndex());
      }
      for (GraphEdge e : buildUsed) {
        boolean commit =
            e.object().scheme() == NodeId.Scheme.GIT || "git-commit".equals(type(e.object()));
        add(commit ? "sources" : "materials", e.object(), e.subject(), e.logIndex());
      }
      Map<GraphEdge, Map<String, String>> edgeAttributes = store.edgeAttributes(derived);
      for (GraphEdge e : derived) {
        if (e.object().scheme() == NodeId.Scheme.PURL || "package".equals(type(e.object()))) {
          String sbom = edgeAttributes.getOrDefault(e, Map.of()).get(SBOM_ATTRIBUTE);
          add("components", e.object(), sbomId(sbom), e.logIndex());
        }
      }
      for (GraphEdge e : derivedBy) {
        String t = type(e.subject());
        if ("sbom".equals(t)) {
          add("sboms", e.subject(), null, e.logIndex());
        } else if ("pod".equals(t)) {
          add("pods", e.subject(), null, e.logIndex());
        }
      }
      Set<NodeId> deployments = new LinkedHashSet<>();
      for (GraphEdge e : usedBy) {
        if ("deployment".equals(type(e.subject()))) {
          deployments.add(e.subject());
          add("deployments", e.subject(), null, e.logIndex());
        } else {
          add("usedBy", e.subject(), null, e.logIndex());
        }
      }
      List<GraphEdge> pods = store.edgesTo(deployments, Set.of(Relation.WAS_GENERATED_BY), asOf);
      Set<NodeId> podIds = new HashSet<>();
      pods.forEach(e -> podIds.add(e.subject()));
      nodes.putAll(store.nodesAsOf(podIds, asOf));
      for (GraphEdge e : pods) {
        add("pods", e.subject(), e.object(), e.logIndex());
      }
      attestations(builds, derivedBy, subject);
    }

    /**
     * Attestations named by the builds, then those about the subject whatever their predicate (an
     * attestation {@code wasDerivedFrom} each subject its statement names), each with the latest
     * verdict the server logged.
     */
    private void attestations(Set<NodeId> builds, List<GraphEdge> derivedBy, Set<NodeId> subject) {
      Map<NodeId, List<NodeAttribute>> named =
          store.attributes(builds, Set.of(ATTESTATION_ATTRIBUTE), asOf);
      Set<NodeId> seen = new HashSet<>();
      for (NodeId build : builds) {
        for (NodeAttribute a : named.getOrDefault(build, List.of())) {
          NodeId att = attestationId(a.value());
          if (att == null || !seen.add(att)) {
            continue;
          }
          attestations.add(attestation(att, build, a.logIndex(), subject));
        }
      }
      for (GraphEdge e : derivedBy) {
        if ("attestation".equals(type(e.subject())) && seen.add(e.subject())) {
          attestations.add(attestation(e.subject(), null, e.logIndex(), subject));
        }
      }
    }

    private Provenance.AttestationItem attestation(
        NodeId att, NodeId build, long namedAt, Set<NodeId> subject) {
      RecordedVerdict latest = null;
      long at = -1;
      for (GraphEdge e : store.edgesTo(List.of(att), Set.of(Relation.USED), asOf)) {
        if (e.logIndex() <= at) {
          continue;
        }
        Optional<RecordedVerdict> v =
            store.recordAt(e.logIndex()).map(StoredRecord::canonical).flatMap(verdicts::read);
        if (v.isPresent() && v.get().attestation().equals(att.toString())) {
          latest = v.get();
          at = e.logIndex();
        }
      }
      if (latest == null) {
        return new Provenance.AttestationItem(att, build, null, null, namedAt);
      }
      boolean aboutSubject = false;
      for (NodeId s : subject) {
        aboutSubject |= latest.subjects().contains(s.toString());
      }
      String problem =
          aboutSubject ? null : "the attestation's statement does not name this artifact";
      return new Provenance.AttestationItem(att, build, latest, problem, at);
    }

    private @Nullable NodeId sbomId(@Nullable String canonicalJson) {
      return parseQuoted(canonicalJson);
    }

    private @Nullable NodeId attestationId(String canonicalJson) {
      NodeId id = parseQuoted(canonicalJson);
      return id != null && id.scheme() == NodeId.Scheme.DIGEST ? id : null;
    }

    private @Nullable String type(NodeId id) {
      GraphNode n = nodes.get(id);
      return n == null ? null : n.type();
    }

    private void add(String section, NodeId id, @Nullable NodeId via, long logIndex) {
      List<Provenance.Item> items = sections.get(section);
      GraphNode n = nodes.get(id);
      if (n == null || items.size() >= MAX_ITEMS) {
        return;
      }
      if (!added.add(java.util.Arrays.asList(section, id, via))) {
        return; // the same link stated again: the first statement is enough
      }
      items.add(new Provenance.Item(n, via, logIndex));
    }

    TreeSet<Long> indexes() {
      TreeSet<Long> out = new TreeSet<>();
      sections.values().forEach(l -> l.forEach(i -> out.add(i.logIndex())));
      attestations.forEach(a -> out.add(a.logIndex()));
      return out;
    }
  }

  /** A node id stated as a JSON string attribute, or null. */
  private static @Nullable NodeId parseQuoted(@Nullable String canonicalJson) {
    if (canonicalJson == null
        || canonicalJson.length() < 2
        || !canonicalJson.startsWith("\"")
        || !canonicalJson.endsWith("\"")
        || canonicalJson.contains("\\")) {
      return null;
    }
    try {
      return NodeId.parse(canonicalJson.substring(1, canonicalJson.length() - 1), "attribute");
    } catch (InvalidInputException e) {
      return null;
    }
  }
}
