package dev.custody.ingest.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CycloneDX BOM, as cyclonedx-core-java parsed it (JSON or XML alike), into an {@link
 * Sbom}. A component without a {@code bom-ref} is known by its position ({@code
 * #/components/2/components/0}); the described component without one by {@code
 * #/metadata/component}. Services are not components, so dependencies that name them are left out.
 */
final class CycloneDxReader {
  private CycloneDxReader() {}

  static Sbom read(Bom bom) {
    Metadata meta = bom.getMetadata();
    List<Sbom.Element> describes = new ArrayList<>();
    @Nullable Component subject = meta == null ? null : meta.getComponent();
    if (subject != null) {
      describes.add(element(subject, "#/metadata/component"));
    }
    List<Sbom.Element> components = new ArrayList<>();
    collect(bom.getComponents(), "#/components", components);
    List<Sbom.Dependency> deps = new ArrayList<>();
    dependencies(bom.getDependencies(), deps);
    String name = subject == null ? null : readable(subject);
    return new Sbom(name, describes, components, deps);
  }

  private static void collect(@Nullable List<Component> list, String at, List<Sbom.Element> out) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      Component c = list.get(i);
      String here = at + "/" + i;
      out.add(element(c, here));
      collect(c.getComponents(), here + "/components", out);
    }
  }

  private static void dependencies(@Nullable List<Dependency> list, List<Sbom.Dependency> out) {
    if (list == null) {
      return;
    }
    for (Dependency d : list) {
      List<Dependency> on = d.getDependencies();
      if (on == null || d.getRef() == null) {
        continue;
      }
      for (Dependency o : on) {
        if (o.getRef() != null) {
          out.add(new Sbom.Dependency(d.getRef(), o.getRef()));
        }
      }
      // XML may nest a dependency's own dependencies inside it.
      dependencies(on, out);
    }
  }

  private static Sbom.Element element(Component c, String position) {
    Map<String, String> hashes = new LinkedHashMap<>();
    if (c.getHashes() != null) {
      for (Hash h : c.getHashes()) {
        if (h.getAlgorithm() != null && h.getValue() != null) {
          hashes.putIfAbsent(Digests.algorithm(h.getAlgorithm()), h.getValue());
        }
      }
    }
    String ref = c.getBomRef() == null || c.getBomRef().isEmpty() ? position : c.getBomRef();
    String purl = c.getPurl() == null || c.getPurl().isEmpty() ? null : c.getPurl();
    return new Sbom.Element(ref, purl, hashes, readable(c));
  }

  private static @Nullable String readable(Component c) {
    if (c.getName() == null) {
      return null;
    }
    String group = c.getGroup() == null || c.getGroup().isEmpty() ? "" : c.getGroup() + "/";
    String version = c.getVersion() == null || c.getVersion().isEmpty() ? "" : "@" + c.getVersion();
    return group + c.getName() + version;
  }
}
