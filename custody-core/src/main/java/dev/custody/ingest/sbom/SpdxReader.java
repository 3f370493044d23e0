package dev.custody.ingest.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an SPDX 2.2/2.3 JSON document (already accepted by the SPDX library) into an {@link Sbom}.
 * Packages are the components; the elements the document describes ({@code documentDescribes},
 * DESCRIBES / DESCRIBED_BY relationships), packages or files, are the artifacts. DEPENDS_ON and
 * CONTAINS go from the dependent to its dependency, DEPENDENCY_OF (and its typed variants) and
 * CONTAINED_BY the other way. Relationships to files that are not described, to other documents or
 * to NONE/NOASSERTION are left out.
 */
final class SpdxReader {
  private SpdxReader() {}

  static Sbom read(JsonNode doc) {
    String documentId = doc.path("SPDXID").asText("SPDXRef-DOCUMENT");
    Map<String, Sbom.Element> packages = new LinkedHashMap<>();
    for (JsonNode p : doc.path("packages")) {
      Sbom.Element e = element(p, purl(p), readable(p));
      packages.putIfAbsent(e.ref(), e);
    }
    Map<String, Sbom.Element> files = new LinkedHashMap<>();
    for (JsonNode f : doc.path("files")) {
      Sbom.Element e = element(f, null, textOrNull(f.path("fileName")));
      files.putIfAbsent(e.ref(), e);
    }
    Set<String> described = new LinkedHashSet<>();
    for (JsonNode d : doc.path("documentDescribes")) {
      described.add(d.asText(""));
    }
    List<Sbom.Dependency> deps = new ArrayList<>();
    for (JsonNode r : doc.path("relationships")) {
      String from = r.path("spdxElementId").asText("");
      String to = r.path("relatedSpdxElement").asText("");
      String type = r.path("relationshipType").asText("");
      if (type.equals("DESCRIBES") && from.equals(documentId)) {
        described.add(to);
      } else if (type.equals("DESCRIBED_BY") && to.equals(documentId)) {
        described.add(from);
      } else if (type.equals("DEPENDS_ON") || type.equals("CONTAINS")) {
        deps.add(new Sbom.Dependency(from, to));
      } else if (type.equals("DEPENDENCY_OF")
          || type.endsWith("_DEPENDENCY_OF")
          || type.equals("CONTAINED_BY")) {
        deps.add(new Sbom.Dependency(to, from));
      }
    }
    List<Sbom.Element> describes = new ArrayList<>();
    for (String ref : described) {
      Sbom.Element e = packages.containsKey(ref) ? packages.get(ref) : files.get(ref);
      if (e != null) {
        describes.add(e);
      }
    }
    List<Sbom.Element> components = new ArrayList<>();
    for (Sbom.Element p : packages.values()) {
      if (!described.contains(p.ref())) {
        components.add(p);
      }
    }
    List<Sbom.Dependency> known = new ArrayList<>();
    for (Sbom.Dependency d : deps) {
      if (packages.containsKey(d.from()) || described.contains(d.from())) {
        if (packages.containsKey(d.to()) || described.contains(d.to())) {
          known.add(d);
        }
      }
    }
    return new Sbom(textOrNull(doc.path("name")), describes, components, known);
  }

  private static Sbom.Element element(JsonNode e, @Nullable String purl, @Nullable String name) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode c : e.path("checksums")) {
      String alg = c.path("algorithm").asText("");
      String value = c.path("checksumValue").asText("");
      if (!alg.isEmpty() && !value.isEmpty()) {
        hashes.putIfAbsent(Digests.algorithm(alg), value);
      }
    }
    return new Sbom.Element(e.path("SPDXID").asText(""), purl, hashes, name);
  }

  private static @Nullable String purl(JsonNode p) {
    for (JsonNode ref : p.path("externalRefs")) {
      if (ref.path("referenceType").asText("").equals("purl")) {
        String loc = ref.path("referenceLocator").asText("");
        if (!loc.isEmpty()) {
          return loc;
        }
      }
    }
    return null;
  }

  private static @Nullable String readable(JsonNode p) {
    String name = p.path("name").asText("");
    if (name.isEmpty()) {
      return null;
    }
    String version = p.path("versionInfo").asText("");
    return version.isEmpty() ? name : name + "@" + version;
  }

  private static @Nullable String textOrNull(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }
}
