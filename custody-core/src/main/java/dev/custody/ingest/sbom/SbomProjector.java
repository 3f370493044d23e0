package dev.custody.ingest.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.CanonicalJson;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a stored SBOM to PROV (docs/SBOM.md), the shape of the incident scenario:
 *
 * <ul>
 *   <li>the SBOM: an entity of type {@code sbom} named by {@code sha256:<digest of the document>},
 *       with attributes {@code format} ({@code CycloneDX}, {@code SPDX}) and {@code specVersion};
 *   <li>each described artifact: named by its digest, else its package URL, else the {@code
 *       ?subject=} the caller gave, else {@code urn:custody:sbom:<sbom hex>:ref:<ref>}; the SBOM
 *       {@code wasDerivedFrom} it. With nothing described, the caller's subject or {@code
 *       urn:custody:sbom:<sbom hex>:subject} stands for it;
 *   <li>each component: an entity of type {@code package} named by its normalized package URL, else
 *       its digest, else {@code urn:custody:sbom:<sbom hex>:ref:<ref>}; each artifact {@code
 *       wasDerivedFrom} each component, and a component {@code wasDerivedFrom} what it depends on,
 *       all these edges with attribute {@code custody:sbom} = the SBOM's id.
 * </ul>
 *
 * Self-edges and repeated edges are dropped. Pure and thread safe.
 */
public final class SbomProjector {
  /** Who an SBOM record is attributed to: the document names tools, not one accountable agent. */
  public static final NodeId PRODUCER = NodeId.parse("urn:custody:producer:sbom", "producer");

  /** The edge attribute naming the SBOM that states a derivation. */
  public static final String SBOM_ATTRIBUTE = "custody:sbom";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The graph statements of one stored SBOM. */
  public ProvRecord project(SbomRecords.Stored s) {
    Sbom sbom = s.sbom();
    NodeId sbomId = s.digest();
    String hex = sbomId.toString().substring(sbomId.toString().indexOf(':') + 1);
    Map<NodeId, Node> nodes = new LinkedHashMap<>();
    Map<String, String> sbomAttrs = new LinkedHashMap<>();
    sbomAttrs.put("format", quoted(s.format().family()));
    sbomAttrs.put("specVersion", quoted(s.specVersion()));
    nodes.put(sbomId, entity(sbomId, "sbom", sbomName(sbom, s), sbomAttrs));

    Map<String, NodeId> byRef = new HashMap<>();
    List<NodeId> artifacts = new ArrayList<>();
    for (Sbom.Element d : sbom.describes()) {
      NodeId id = artifactIdentity(d);
      if (id == null) {
        id = s.subject() != null ? s.subject() : ref(hex, d.ref());
      }
      byRef.putIfAbsent(d.ref(), id);
      if (!artifacts.contains(id)) {
        artifacts.add(id);
        nodes.putIfAbsent(id, entity(id, artifactType(id), d.name(), Map.of()));
      }
    }
    if (artifacts.isEmpty()) {
      NodeId id =
          s.subject() != null
              ? s.subject()
              : NodeId.parse("urn:custody:sbom:" + hex + ":subject", "/subject");
      artifacts.add(id);
      nodes.putIfAbsent(id, entity(id, artifactType(id), null, Map.of()));
    }

    List<NodeId> components = new ArrayList<>();
    for (Sbom.Element c : sbom.components()) {
      NodeId id = componentIdentity(c);
      if (id == null) {
        id = ref(hex, c.ref());
      }
      byRef.putIfAbsent(c.ref(), id);
      components.add(id);
      nodes.putIfAbsent(id, entity(id, "package", c.name(), Map.of()));
    }

    Map<String, String> edgeAttrs = Map.of(SBOM_ATTRIBUTE, quoted(sbomId.toString()));
    List<Edge> edges = new ArrayList<>();
    Set<List<NodeId>> seen = new LinkedHashSet<>();
    for (NodeId a : artifacts) {
      if (!a.equals(sbomId) && seen.add(List.of(sbomId, a))) {
        edges.add(new Edge(sbomId, Relation.WAS_DERIVED_FROM, a, null, Map.of()));
      }
    }
    for (NodeId a : artifacts) {
      for (NodeId c : components) {
        derived(a, c, edgeAttrs, seen, edges);
      }
    }
    for (Sbom.Dependency d : sbom.dependencies()) {
      NodeId from = byRef.get(d.from());
      NodeId to = byRef.get(d.to());
      if (from != null && to != null) {
        derived(from, to, edgeAttrs, seen, edges);
      }
    }
    // No claimed time: the receive time stands in. cyclonedx-core-java gives a BOM without a
    // timestamp the time it was parsed, which would make reindex disagree with the append.
    return new ProvRecord(PRODUCER, null, List.copyOf(nodes.values()), edges);
  }

  private static void derived(
      NodeId from, NodeId to, Map<String, String> attrs, Set<List<NodeId>> seen, List<Edge> edges) {
    if (!from.equals(to) && seen.add(List.of(from, to))) {
      edges.add(new Edge(from, Relation.WAS_DERIVED_FROM, to, null, attrs));
    }
  }

  /** An artifact is named by what it is: its digest, else its package URL. */
  private static @Nullable NodeId artifactIdentity(Sbom.Element e) {
    NodeId digest = Digests.preferred(e.hashes());
    return digest != null ? digest : purl(e.purl());
  }

  /** A component is named as docs/IDENTIFIERS.md says: its package URL, else its digest. */
  private static @Nullable NodeId componentIdentity(Sbom.Element e) {
    NodeId purl = purl(e.purl());
    return purl != null ? purl : Digests.preferred(e.hashes());
  }

  private static Node entity(
      NodeId id, String type, @Nullable String name, Map<String, String> attrs) {
    return new Node(id, Kind.ENTITY, type, name, attrs, null, null);
  }

  private static String artifactType(NodeId id) {
    return switch (id.scheme()) {
      case IMAGE -> "container-image";
      case PURL -> "package";
      default -> "artifact";
    };
  }

  private static @Nullable String sbomName(Sbom sbom, SbomRecords.Stored s) {
    String of = sbom.name();
    return of == null ? s.format().family() + " SBOM" : of + " " + s.format().family() + " SBOM";
  }

  /**
   * The id of an element known only by its reference in one SBOM: {@code urn:custody:sbom:<sbom
   * hex>:ref:<percent-encoded ref>} (a reference longer than 512 characters by {@code sha256-<hex
   * of the ref>} instead).
   */
  static NodeId ref(String sbomHex, String ref) {
    String encoded = URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20");
    if (encoded.length() > 512) {
      encoded = "sha256-" + SbomParser.digest(ref.getBytes(StandardCharsets.UTF_8)).substring(7);
    }
    return NodeId.parse("urn:custody:sbom:" + sbomHex + ":ref:" + encoded, "ref");
  }

  static @Nullable NodeId purl(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      NodeId id = NodeId.parse(raw, "purl");
      return id.scheme() == NodeId.Scheme.PURL ? id : null;
    } catch (InvalidInputException e) {
      return null;
    }
  }

  /** {@code s} as RFC 8785 JSON text, as node and edge attribute values are stored. */
  private static String quoted(String s) {
    return CanonicalJson.text(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
  }
}
