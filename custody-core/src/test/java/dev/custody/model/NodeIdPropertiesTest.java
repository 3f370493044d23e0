package dev.custody.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The IRI fast path ({@link NodeId#uriSafe}) never accepts what {@code java.net.URI} refuses, and
 * the hand-written checks read ids as the patterns they replaced did.
 */
class NodeIdPropertiesTest {

  @Property(tries = 5000)
  void whatTheFastPathAcceptsIsAnAbsoluteUri(@ForAll("iris") String raw) {
    if (!NodeId.uriSafe(raw)) {
      return;
    }
    assertThatCode(() -> new URI(raw)).doesNotThrowAnyException();
    assertThat(URI.create(raw).isAbsolute()).isTrue();
  }

  @Property(tries = 5000)
  void theFastPathParsesAsTheUriPathDoes(@ForAll("iris") String raw) {
    boolean uriAccepts;
    try {
      uriAccepts = new URI(raw).isAbsolute();
    } catch (java.net.URISyntaxException e) {
      uriAccepts = false;
    }
    if (!uriAccepts) {
      return;
    }
    int colon = raw.indexOf(':');
    String expected =
        raw.substring(0, colon).toLowerCase(java.util.Locale.ROOT) + raw.substring(colon);
    NodeId id = NodeId.parse(raw, "id");
    assertThat(id.toString()).isEqualTo(expected);
    assertThat(id.scheme()).isEqualTo(NodeId.Scheme.IRI);
  }

  private static final java.util.regex.Pattern SCHEME =
      java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  @Property(tries = 3000)
  void theSchemeCheckIsThePattern(@ForAll("schemeLike") String raw) {
    assertThat(NodeId.hasScheme(raw)).as(raw).isEqualTo(SCHEME.matcher(raw).find());
  }

  @Property(tries = 500)
  void lineageIdsAreLowerCasedInTheirPrefixOnly(
      @ForAll("lineagePrefixes") String prefix,
      @ForAll("names") String ns,
      @ForAll("names") String n) {
    NodeId id = NodeId.parse(prefix + ":" + ns + ":" + n, "id");
    assertThat(id.toString())
        .isEqualTo(prefix.toLowerCase(java.util.Locale.ROOT) + ":" + ns + ":" + n);
  }

  @Provide
  Arbitrary<String> schemeLike() {
    return Arbitraries.strings().withChars("aZ09+.-:/ _é").ofMinLength(0).ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> lineagePrefixes() {
    return Arbitraries.of("dataset", "DATASET", "DataSet", "job", "JOB", "Job");
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("aZ09._-/%").ofMinLength(1).ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> iris() {
    Arbitrary<String> scheme = Arbitraries.of("urn", "URN", "datasetField", "x-y.z+w", "tag", "a");
    // Characters the fast path takes, and neighbours it must refuse or hand to java.net.URI.
    Arbitrary<String> rest =
        Arbitraries.strings()
            .withChars("aZ09-._~+*:%fG/#?[]@!$&'()=;,\"<>{}|^`\\")
            .ofMinLength(0)
            .ofMaxLength(24);
    return Arbitraries.oneOf(
        net.jqwik.api.Combinators.combine(scheme, rest).as((s, r) -> s + ":" + r),
        net.jqwik.api.Combinators.combine(scheme, rest, rest)
            .as((s, a, b) -> s + ":" + a + "%" + b));
  }
}
