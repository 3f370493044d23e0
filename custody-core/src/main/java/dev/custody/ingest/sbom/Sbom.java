package dev.custody.ingest.sbom;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Custody reads from an SBOM, whatever its format: the artifacts it describes, its components
 * and the dependencies between them, each element known by its reference in the document ({@code
 * bom-ref} or {@code SPDXID}).
 *
 * @param name the document's name, if it has one
 * @param describes the artifacts the SBOM is about (CycloneDX {@code metadata.component}; SPDX
 *     {@code documentDescribes} and DESCRIBES relationships)
 * @param components every component (CycloneDX components at any depth; SPDX packages that are not
 *     described)
 * @param dependencies {@code from} depends on, or contains, {@code to}
 */
public record Sbom(
    @Nullable String name,
    List<Element> describes,
    List<Element> components,
    List<Dependency> dependencies) {
  public Sbom {
    describes = List.copyOf(describes);
    components = List.copyOf(components);
    dependencies = List.copyOf(dependencies);
  }

  /**
   * One element of the document.
   *
   * @param ref its reference in the document (a {@code bom-ref}, an {@code SPDXID}, or its position
   *     when it has neither)
   * @param purl its package URL as written, if any
   * @param hashes algorithm (lower case, as Custody spells digests: {@code sha256}) to hex value
   * @param name a readable name ({@code group/name@version})
   */
  public record Element(
      String ref, @Nullable String purl, Map<String, String> hashes, @Nullable String name) {
    public Element {
      hashes = Map.copyOf(hashes);
    }
  }

  /** {@code from} depends on (or contains) {@code to}, both element references. */
  public record Dependency(String from, String to) {}
}
