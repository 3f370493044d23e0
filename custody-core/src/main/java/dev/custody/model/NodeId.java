package dev.custody.model;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.custody.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a node in the provenance graph, in normal form. Identity comes from the thing
 * (see docs/IDENTIFIERS.md), so the same thing named by two producers is one node:
 *
 * <ul>
 *   <li>content digests {@code <alg>:<hex>} ({@code sha256:…}, {@code sha512:…}; lower case);
 *   <li>package URLs {@code pkg:…}, canonicalized with packageurl-java;
 *   <li>git commits {@code git+<repo url>@<sha>}: https URL, lower-case host, no credentials, no
 *       {@code .git} suffix or trailing slash; ssh and scp-style remotes become https;
 *   <li>container images by digest {@code <registry>/<repository>@sha256:<hex>}, with Docker's
 *       defaults ({@code nginx} is {@code docker.io/library/nginx}); alias of the bare digest;
 *   <li>OpenLineage nodes {@code dataset:<ns>:<name>}, {@code job:<ns>:<name>}, {@code run:<uuid>};
 *   <li>any other absolute IRI ({@code https://…}, {@code urn:…}), scheme lower-cased.
 * </ul>
 *
 * Immutable; equal when the normal forms are equal.
 */
public final class NodeId implements Comparable<NodeId> {
  /** The family an id belongs to. */
  public enum Scheme {
    DIGEST,
    PURL,
    GIT,
    IMAGE,
    DATASET,
    JOB,
    RUN,
    IRI
  }

  private static final int MAX_LENGTH = 2048;
  private static final Map<String, Integer> DIGEST_HEX_LENGTH =
      Map.of(
          "sha1", 40,
          "sha224", 56,
          "sha256", 64,
          "sha384", 96,
          "sha512", 128,
          "sha3-256", 64,
          "sha3-384", 96,
          "sha3-512", 128);
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final Pattern DIGEST_LIKE = Pattern.compile("sha[0-9-]*|md[0-9]|blake[0-9a-z]*");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern SCP_REMOTE = Pattern.compile("^([^@/:]+@)?([^/:]+):(?!//)(.+)$");
  private static final Pattern IMAGE_REF =
      Pattern.compile(
          "^(?:([a-zA-Z0-9.-]+(?::[0-9]+)?|localhost(?::[0-9]+)?)/)?"
              + "([a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*)"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@(sha256:[0-9a-fA-F]{64})$");

  private final String value;
  private final Scheme scheme;
  // The string's hash, computed here on the thread that parses the id (a request's), so that the
  // serial stages that file ids by hash (LogService's sequencer and committer) neither hash a new
  // id nor read its string to find the hash the string keeps: kept here, it costs 8 bytes an id
  // and spares a cache miss a lookup.
  private final int hash;
  // An image's bare digest (digestAlias), made once with the id.
  private final @Nullable NodeId alias;

  private NodeId(String value, Scheme scheme) {
    this.value = value;
    this.scheme = scheme;
    this.hash = value.hashCode();
    this.alias =
        scheme == Scheme.IMAGE
            ? new NodeId(value.substring(value.lastIndexOf('@') + 1), Scheme.DIGEST)
            : null;
  }

  /**
   * Parses and normalizes an id. Refuses, naming {@code field}: empty or oversize ids, white space
   * or control characters, digests of unknown algorithms or wrong length, malformed package URLs,
   * git ids without a full commit hash, run ids that are not UUIDs, and strings with no scheme.
   */
  public static NodeId parse(String raw, String field) {
    if (raw.startsWith("dataset:")
        || raw.startsWith("job:")
        || raw.startsWith("run:")
        || plainHttp(raw)) {
      // Never cached (see cheap, which also covers their upper-case spellings and other IRIs):
      // looking them up first only hashed a fresh string to miss.
      return parseNew(raw, field);
    }
    NodeId known = PARSED.get(raw);
    if (known != null) {
      return known;
    }
    NodeId id = parseNew(raw, field);
    if (!cheap(id, raw)) {
      if (PARSED.size() >= PARSED_MAX) {
        PARSED.clear();
      }
      PARSED.put(raw, id);
    }
    return id;
  }

  /**
   * Whether parsing {@code raw} again costs less than keeping it: OpenLineage's dataset, job and
   * run ids (a split or a UUID read) and IRIs of URI-safe characters only ({@link #uriSafe}). An
   * OpenLineage event names a fresh run, output versions and columns every time, so caching those
   * only filled the map, emptied it and filled it again (a third of the time an event's ids took).
   */
  private static boolean cheap(NodeId id, String raw) {
    return switch (id.scheme) {
      case DATASET, JOB, RUN -> true;
      case IRI -> uriSafe(raw);
      default -> false;
    };
  }

  /** An http or https IRI of URI-safe characters: an IRI {@link #cheap} never keeps. */
  private static boolean plainHttp(String raw) {
    return (raw.startsWith("https://") || raw.startsWith("http://")) && uriSafe(raw);
  }

  // Ids parsed lately, by their text: parsing runs patterns and URI parsers, and the same ids
  // (builders, repositories, producers) come back record after record. Only ids that parse are
  // kept, and only those whose parse is not cheap; a refusal names its field, so it is never
  // cached. Bounded: emptied when full.
  private static final int PARSED_MAX = 1 << 16;
  private static final java.util.concurrent.ConcurrentHashMap<String, NodeId> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static NodeId parseNew(String raw, String field) {
    if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
      throw invalid(field, raw, "must be 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c <= ' ' || c >= 0x7f) && (Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw invalid(field, raw, "must not contain white space or control characters");
      }
    }
    // An image reference cannot be mistaken for an IRI: it ends in @sha256:<hex> and its first
    // component is a host (a port is digits only, so "https://" never matches).
    Matcher image = mayBeImage(raw) ? Matcher.of(IMAGE_REF, raw) : null;
    if (image != null) {
      return image(image, raw, field);
    }
    int colon = raw.indexOf(':');
    if (colon <= 0) {
      throw invalid(field, raw, "has no scheme (expected sha256:…, pkg:…, git+…@…, or an IRI)");
    }
    String prefix = raw.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = raw.substring(colon + 1);
    if (DIGEST_HEX_LENGTH.containsKey(prefix)) {
      return digest(prefix, rest, raw, field);
    }
    if (mayBeDigestLike(prefix) && DIGEST_LIKE.matcher(prefix).matches()) {
      throw invalid(
          field,
          raw,
          "names an unsupported digest algorithm (use one of "
              + new java.util.TreeSet<>(DIGEST_HEX_LENGTH.keySet())
              + ")");
    }
    return switch (prefix) {
      case "pkg" -> purl(raw, field);
      case "dataset", "job" -> lineage(prefix, rest, raw, field);
      case "run" -> run(rest, raw, field);
      default -> prefix.startsWith("git+") ? git(raw, field) : iri(raw, field);
    };
  }

  /** Whether {@code prefix} starts as {@link #DIGEST_LIKE} needs, so the pattern runs only then. */
  private static boolean mayBeDigestLike(String prefix) {
    return prefix.startsWith("sha") || prefix.startsWith("md") || prefix.startsWith("blake");
  }

  /**
   * Whether {@code raw} ends as every image reference does ({@code @sha256:} and 64 characters), so
   * that the image pattern, which backtracks over long IRIs, runs only on ids it may match.
   */
  private static boolean mayBeImage(String raw) {
    int at = raw.length() - 72;
    return at > 0 && raw.startsWith("@sha256:", at);
  }

  /** The id of the content digest {@code alg:hex} (for example from an in-toto subject). */
  public static NodeId digest(String alg, String hex) {
    return parse(alg + ":" + hex, "digest");
  }

  public Scheme scheme() {
    return scheme;
  }

  /**
   * For an image named by repository and digest, the bare digest it is an alias of; empty for every
   * other id.
   */
  public Optional<NodeId> digestAlias() {
    return Optional.ofNullable(alias);
  }

  private static NodeId digest(String alg, String hex, String raw, String field) {
    String lower = hex.toLowerCase(Locale.ROOT);
    int want = DIGEST_HEX_LENGTH.get(alg);
    if (lower.length() != want || !HEX.matcher(lower).matches()) {
      throw invalid(field, raw, alg + " digest must be " + want + " hex digits");
    }
    return new NodeId(alg + ":" + lower, Scheme.DIGEST);
  }

  private static NodeId purl(String raw, String field) {
    try {
      return new NodeId(new PackageURL(raw).canonicalize(), Scheme.PURL);
    } catch (MalformedPackageURLException | RuntimeException e) {
      throw invalid(field, raw, "is not a valid package URL: " + e.getMessage());
    }
  }

  private static NodeId lineage(String prefix, String rest, String raw, String field) {
    int sep = rest.lastIndexOf(':');
    if (sep <= 0 || sep == rest.length() - 1) {
      throw invalid(field, raw, prefix + " ids are " + prefix + ":<namespace>:<name>");
    }
    Scheme scheme = prefix.equals("job") ? Scheme.JOB : Scheme.DATASET;
    return new NodeId(raw.startsWith(prefix) ? raw : prefix + ":" + rest, scheme);
  }

  private static NodeId run(String rest, String raw, String field) {
    try {
      UUID uuid = UUID.fromString(rest);
      if (!uuid.toString().equalsIgnoreCase(rest)) {
        throw new IllegalArgumentException("not canonical");
      }
      return new NodeId("run:" + uuid, Scheme.RUN);
    } catch (IllegalArgumentException e) {
      throw invalid(field, raw, "run ids are run:<uuid>");
    }
  }

  private static NodeId git(String raw, String field) {
    int at = raw.lastIndexOf('@');
    if (at < 0) {
      throw invalid(field, raw, "git ids are git+<repository url>@<full commit hash>");
    }
    String sha = raw.substring(at + 1).toLowerCase(Locale.ROOT);
    if (!COMMIT.matcher(sha).matches()) {
      throw invalid(field, raw, "the commit must be a full 40 or 64 hex digit hash");
    }
    String repo = normalizeRepo(raw.substring(4, at), raw, field);
    return new NodeId("git+" + repo + "@" + sha, Scheme.GIT);
  }

  /** The normal form of a repository URL, used in git commit ids. */
  public static String normalizeRepo(String url, String raw, String field) {
    String u = url;
    java.util.regex.Matcher scp = SCP_REMOTE.matcher(u);
    if (!hasScheme(u) && scp.matches()) {
      u = "https://" + scp.group(2) + "/" + scp.group(3);
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw invalid(field, raw, "has a malformed repository URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || scheme.isEmpty()) {
      throw invalid(field, raw, "the repository URL needs a scheme and a host");
    }
    if (scheme.equals("ssh") || scheme.equals("git") || scheme.equals("git+ssh")) {
      scheme = "https";
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort || uri.getScheme().startsWith("ssh") ? "" : ":" + port)
        + path;
  }

  private static NodeId image(Matcher m, String raw, String field) {
    String registry = m.group(1);
    String repo = m.group(2);
    if (registry == null
        || (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost"))) {
      // Docker's rule: a first component without '.' or ':' is part of the repository.
      repo = registry == null ? repo : registry + "/" + repo;
      registry = "docker.io";
      if (!repo.contains("/")) {
        repo = "library/" + repo;
      }
    }
    String digest = m.group(3).toLowerCase(Locale.ROOT);
    return new NodeId(registry.toLowerCase(Locale.ROOT) + "/" + repo + "@" + digest, Scheme.IMAGE);
  }

  private static NodeId iri(String raw, String field) {
    if (!hasScheme(raw)) {
      throw invalid(field, raw, "has no valid scheme");
    }
    if (uriSafe(raw)) {
      return iriOf(raw); // an absolute URI with an opaque part, as java.net.URI would read it
    }
    try {
      URI uri = new URI(raw);
      if (!uri.isAbsolute()) {
        throw invalid(field, raw, "is not an absolute IRI");
      }
    } catch (URISyntaxException e) {
      // IRIs may hold non-ASCII characters that java.net.URI rejects; those are kept as given.
      if (raw.chars().allMatch(c -> c < 0x80)) {
        throw invalid(field, raw, "is not a valid IRI: " + e.getReason());
      }
    }
    return iriOf(raw);
  }

  private static NodeId iriOf(String raw) {
    int colon = raw.indexOf(':');
    for (int i = 0; i < colon; i++) {
      char c = raw.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return new NodeId(
            raw.substring(0, colon).toLowerCase(Locale.ROOT) + raw.substring(colon), Scheme.IRI);
      }
    }
    return new NodeId(raw, Scheme.IRI); // the scheme is lower case already
  }

  /**
   * Whether {@code raw} starts with a URI scheme: a letter, letters, digits, {@code + . -}, a
   * colon.
   */
  static boolean hasScheme(String raw) {
    if (raw.isEmpty() || !isAsciiLetter(raw.charAt(0))) {
      return false;
    }
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ':') {
        return true;
      }
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
        return false;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Whether {@code raw}, which starts with a valid scheme, is an absolute URI by its characters
   * alone: after the scheme's colon, a non-empty rest of letters, digits, {@code - . _ ~ + * :} and
   * {@code %} escapes (two hex digits), and no slash. Every such rest is an RFC 2396 opaque part,
   * which {@code java.net.URI} accepts; checking the characters costs a loop instead of a URI
   * parse, and ids built from URL-encoded parts ({@code urn:custody:openlineage:version:…},
   * OpenLineage's {@code datasetField:…}) are all of this form. {@code NodeIdPropertiesTest} holds
   * it to {@code java.net.URI} on random strings.
   */
  static boolean uriSafe(String raw) {
    int colon = raw.indexOf(':');
    if (colon <= 0 || colon == raw.length() - 1) {
      return false;
    }
    for (int i = colon + 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!isUriSafe(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUriSafe(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '*'
        || c == ':';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static InvalidInputException invalid(String field, String raw, String why) {
    String shown = raw.length() > 80 ? raw.substring(0, 77) + "..." : raw;
    return InvalidInputException.badRequest(field, "id '" + shown + "' " + why);
  }

  /** A compiled match, or null; keeps {@link #parse} free of nested conditionals. */
  private record Matcher(java.util.regex.Matcher m) {
    static @Nullable Matcher of(Pattern p, String s) {
      java.util.regex.Matcher m = p.matcher(s);
      return m.matches() ? new Matcher(m) : null;
    }

    String group(int i) {
      return m.group(i);
    }
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && hash == other.hash && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(NodeId o) {
    return value.compareTo(o.value);
  }
}
