package dev.custody.query;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import io.github.nscuro.versatile.Vers;
import io.github.nscuro.versatile.version.VersioningScheme;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which packages an impact question is about: one package URL, with or without a version, and
 * optionally a version range in the purl-spec {@code vers:} syntax ({@code
 * vers:maven/>=2.0.0|<2.17.2}). Versions are compared per ecosystem by the {@code versatile}
 * library (Maven's {@code ComparableVersion} for maven, semver for npm, and so on; a type it does
 * not know falls back to its generic scheme). Immutable.
 *
 * <ul>
 *   <li>a purl with a version matches that version exactly (its qualifiers, when given, must be
 *       among the stored node's);
 *   <li>a purl without a version matches every stored version, and the versionless node;
 *   <li>with a range, the purl must have no version, and matches the stored versions the range
 *       contains; a stored version the scheme cannot read is not matched.
 * </ul>
 */
public final class PackageSelector {
  private static final int MAX_RANGE_LENGTH = 1000;

  private final PackageURL asked;
  private final List<String> prefixes;
  private final @Nullable Vers range;

  private PackageSelector(PackageURL asked, List<String> prefixes, @Nullable Vers range) {
    this.asked = asked;
    this.prefixes = List.copyOf(prefixes);
    this.range = range;
  }

  /**
   * Parses the question; refusals name {@code purl} or {@code versions}.
   *
   * @param purl a package URL ({@code pkg:…})
   * @param versions a {@code vers:} range whose scheme is the purl type's, or null
   */
  public static PackageSelector parse(String purl, @Nullable String versions) {
    NodeId id = NodeId.parse(purl, "purl");
    if (id.scheme() != NodeId.Scheme.PURL) {
      throw InvalidInputException.badRequest(
          "purl", "'purl' must be a package URL (pkg:type/namespace/name[@version]), got " + id);
    }
    PackageURL p = read(id.toString());
    List<String> prefixes;
    try {
      String base =
          new PackageURL(p.getType(), p.getNamespace(), p.getName(), null, null, null)
              .canonicalize();
      // Exactly the ids of this package: with a version, that version (any qualifiers); without,
      // every version (the versionless id is read by itself) — not pkg:npm/ab… when asked
      // pkg:npm/a.
      prefixes =
          p.getVersion() != null
              ? List.of(
                  new PackageURL(
                          p.getType(), p.getNamespace(), p.getName(), p.getVersion(), null, null)
                      .canonicalize())
              : List.of(base + "@", base + "?", base + "#");
    } catch (MalformedPackageURLException e) {
      throw InvalidInputException.badRequest("purl", "malformed package URL: " + e.getMessage());
    }
    Vers range = versions == null ? null : range(versions, p);
    return new PackageSelector(p, prefixes, range);
  }

  private static Vers range(String versions, PackageURL p) {
    if (p.getVersion() != null) {
      throw InvalidInputException.badRequest(
          "versions", "'versions' needs a purl without a version, got version " + p.getVersion());
    }
    if (versions.length() > MAX_RANGE_LENGTH) {
      throw InvalidInputException.badRequest(
          "versions", "'versions' must be at most " + MAX_RANGE_LENGTH + " characters");
    }
    Vers v;
    try {
      v = Vers.parse(versions).validate();
    } catch (RuntimeException e) {
      // VersException, or a scheme parser's own (semver4j's SemverException for vers:npm/>=abc)
      throw InvalidInputException.badRequest(
          "versions",
          "'versions' must be a vers range like vers:maven/>=2.0.0|<2.17.2: " + e.getMessage());
    }
    VersioningScheme want = scheme(p.getType());
    if (v.scheme() != want) {
      throw InvalidInputException.badRequest(
          "versions",
          "'versions' uses scheme "
              + v.scheme().name().toLowerCase(java.util.Locale.ROOT)
              + " but the purl type "
              + p.getType()
              + " compares versions as "
              + want.name().toLowerCase(java.util.Locale.ROOT));
    }
    return v;
  }

  private static VersioningScheme scheme(String purlType) {
    try {
      VersioningScheme s = VersioningScheme.fromPurlType(purlType);
      return s == null ? VersioningScheme.GENERIC : s;
    } catch (RuntimeException e) {
      return VersioningScheme.GENERIC;
    }
  }

  private static PackageURL read(String canonical) {
    try {
      return new PackageURL(canonical);
    } catch (MalformedPackageURLException e) {
      throw InvalidInputException.badRequest("purl", "malformed package URL: " + e.getMessage());
    }
  }

  /**
   * Every node id a matching package can have starts with one of these, or is {@link
   * #versionlessId()}; an id with one of these prefixes may still be another package ({@link
   * #matches} tells).
   */
  public List<String> idPrefixes() {
    return prefixes;
  }

  /** The package's id without version, when no version was asked (it matches too); else null. */
  public @Nullable NodeId versionlessId() {
    if (asked.getVersion() != null) {
      return null;
    }
    try {
      return NodeId.parse(
          new PackageURL(asked.getType(), asked.getNamespace(), asked.getName(), null, null, null)
              .canonicalize(),
          "purl");
    } catch (MalformedPackageURLException e) {
      return null;
    }
  }

  /** The question in normal form: the purl, and the range if any. */
  @Override
  public String toString() {
    return asked.canonicalize() + (range == null ? "" : " " + range);
  }

  /** The purl asked (canonical). */
  public String purl() {
    return asked.canonicalize();
  }

  /** The range asked, or null. */
  public @Nullable String versions() {
    return range == null ? null : range.toString();
  }

  /** Whether the stored node {@code id} is a package this question is about. */
  public boolean matches(NodeId id) {
    if (id.scheme() != NodeId.Scheme.PURL) {
      return false;
    }
    PackageURL p;
    try {
      p = new PackageURL(id.toString());
    } catch (MalformedPackageURLException e) {
      return false;
    }
    if (!p.getType().equals(asked.getType())
        || !Objects.equals(p.getNamespace(), asked.getNamespace())
        || !p.getName().equals(asked.getName())) {
      return false;
    }
    if (!qualifiersAmong(asked.getQualifiers(), p.getQualifiers())) {
      return false;
    }
    if (asked.getVersion() != null) {
      return asked.getVersion().equals(p.getVersion());
    }
    if (range == null) {
      return true;
    }
    if (p.getVersion() == null) {
      return false;
    }
    try {
      return range.contains(p.getVersion());
    } catch (RuntimeException e) {
      // A stored version the ecosystem's scheme cannot read is in no range. Caught wide: the
      // schemes' own parsers throw their own unchecked exceptions (semver4j's SemverException
      // for a non-semver npm version), not only versatile's VersException.
      return false;
    }
  }

  private static boolean qualifiersAmong(
      @Nullable Map<String, String> wanted, @Nullable Map<String, String> stored) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    if (stored == null) {
      return false;
    }
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!e.getValue().equals(stored.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
