package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.error.InvalidInputException;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every PROV document under testdata/prov, read as its MANIFEST.md entry says it must be read. */
class ProvJsonFixturesTest {
  private static final String ROOT = "prov/prov-json/trungdong-prov";

  private final ProvJsonReader reader = new ProvJsonReader();
  private final ProvJsonWriter writer = new ProvJsonWriter();

  private static Stream<String> files(String dir, String suffix) {
    Path base = TestData.resolve("prov");
    try (Stream<Path> walk = Files.walk(TestData.resolve(dir))) {
      return walk
          .filter(p -> p.toString().endsWith(suffix))
          .map(p -> base.relativize(p).toString())
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String underProv) throws IOException {
    return Files.readAllBytes(TestData.resolve("prov/" + underProv));
  }

  /**
   * The VALID round-trip fixtures (json/) and the PROV-CONSTRAINTS unification cases: the
   * manifest's FAIL verdict is about unification, which is not this layer's job; the files are
   * well-formed PROV-JSON and must read.
   */
  static Stream<String> validDocuments() {
    return Stream.concat(files(ROOT + "/json", ".json"), files(ROOT + "/unification", ".json"));
  }

  /**
   * Fixtures that leave out an argument PROV-DM calls required (the python prov library writes
   * them; the manifest calls them VALID). They are read, with the missing end left empty: in the
   * graph such a relation is a missing link, not an error. File name to the member left out.
   */
  static final Map<String, String> MISSING_ARGUMENT =
      Map.of(
          "attribution2.json", "entity",
          "communication2.json", "informed",
          "derivation1.json", "generatedEntity",
          "derivation9.json", "usedEntity",
          "influence1.json", "influencer",
          "influence2.json", "influencee");

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static Stream<Arguments> missingArgument() {
    return MISSING_ARGUMENT.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<String> provN() {
    return files("prov/provn", ".provn");
  }

  static Stream<String> jsonLd() {
    return files(ROOT + "/jsonld", ".jsonld");
  }

  private static InvalidInputException refusal(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected the document to be refused");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validDocuments")
  void validDocumentReadsWritesAndReadsBackToTheSameStatements(String file) throws IOException {
    ProvDocument read = reader.read(bytes(file));
    ProvDocument again = reader.read(writer.write(read));

    assertThat(again.semanticallyEquals(read)).as("semantically equal after a round trip").isTrue();
    assertThat(again.statementCount()).isEqualTo(read.statementCount());
  }

  @Test
  void everyValidDocumentIsCovered() {
    // 185 round-trip fixtures + 8 unification cases, as listed in MANIFEST.md.
    assertThat(validDocuments()).hasSize(193);
    assertThat(files(ROOT + "/json", ".json").map(ProvJsonFixturesTest::fileName))
        .containsAll(MISSING_ARGUMENT.keySet());
  }

  @ParameterizedTest(name = "{0} keeps its relation without {1}")
  @MethodSource("missingArgument")
  void aRelationMissingAnEndIsReadWithTheEndLeftEmpty(String file, String member)
      throws IOException {
    ProvDocument doc = reader.read(bytes("prov-json/trungdong-prov/json/" + file));
    assertThat(doc.statements()).hasSize(1);
    String written = new String(writer.write(doc), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(written).doesNotContain("prov:" + member + "\"");
  }

  @ParameterizedTest(name = "{0} refused at \"{1}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          bad_record_content.json  | /entity/ex:e1                          | found null
          bad_record_shape.json    | /entity                                | found a string
          bad_typed_literal.json   | /entity/ex:e1/ex:attr                  | needs a "$"
          empty.json               | ''                                     | empty
          top_level_scalar.json    | ''                                     | found a number
          unknown_record_type.json | /notarealtype                          | unknown PROV-JSON record type
          """)
  void malformedDocumentIsRefusedNamingTheMember(String file, String pointer, String detail)
      throws IOException {
    byte[] json = bytes("prov-json/trungdong-prov/malformed/" + file);

    InvalidInputException e = refusal(() -> reader.read(json));

    assertThat(e.field()).isEqualTo(pointer);
    assertThat(e.detail()).contains(detail);
    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void everyMalformedDocumentHasAnExpectedPointer() {
    assertThat(files(ROOT + "/malformed", ".json"))
        .extracting(f -> f.substring(f.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder(
            "bad_record_content.json",
            "bad_record_shape.json",
            "bad_typed_literal.json",
            "empty.json",
            "top_level_scalar.json",
            "unknown_record_type.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonLd")
  void provJsonLdIsRefusedAsNotProvJson(String file) throws IOException {
    byte[] json = bytes(file);

    InvalidInputException e = refusal(() -> reader.read(json));

    assertThat(e.field()).isEqualTo("/@context");
    assertThat(e.detail()).contains("PROV-JSONLD", "not PROV-JSON");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("provN")
  void provNIsRefusedAsNotProvJson(String file) throws IOException {
    byte[] text = bytes(file);

    InvalidInputException e = refusal(() -> reader.read(text));

    assertThat(e.detail()).contains("PROV-N", "not PROV-JSON");
  }

  @Test
  void everyNonProvJsonDocumentIsListed() {
    assertThat(jsonLd()).hasSize(1);
    assertThat(provN()).hasSize(82);
  }

  @Test
  void unificationFailureIsReadAsWrittenNotUnified() throws IOException {
    // PROV-CONSTRAINTS says these two activities cannot unify (different start times); the
    // reader's job is to keep both statements so a later validator can say so.
    ProvDocument doc =
        reader.read(
            bytes("prov-json/trungdong-prov/unification/unification-activity-f1-FAIL-c22.json"));

    assertThat(doc.statements())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).isInstanceOf(Element.Activity.class))
        .extracting(s -> ((Element.Activity) s).startTime())
        .extracting(ProvTime::lexical)
        .containsExactly("2012-11-16T16:05:00.000Z", "2012-11-16T18:05:00.000Z");
  }

  @Test
  void bundlesKeepTheirOwnStatements() throws IOException {
    ProvDocument doc = reader.read(bytes("prov-json/trungdong-prov/json/bundle1.json"));

    assertThat(doc.statements()).hasSize(2);
    assertThat(doc.bundles())
        .extracting(b -> b.id().iri())
        .containsExactly("http://example.org/bundle1", "http://example.org/bundle2");
    assertThat(doc.bundles()).allSatisfy(b -> assertThat(b.statements()).hasSize(3));
  }

  @Test
  void membershipListsItsEntities() throws IOException {
    ProvDocument doc = reader.read(bytes("prov-json/trungdong-prov/json/member1.json"));

    assertThat(doc.statements())
        .singleElement()
        .isEqualTo(
            new Relation.Membership(
                QualifiedName.blank("hM1"),
                new QualifiedName("ex", "c", "http://example.org/"),
                List.of(new QualifiedName("ex", "e1", "http://example.org/")),
                Attributes.none()));
  }
}
