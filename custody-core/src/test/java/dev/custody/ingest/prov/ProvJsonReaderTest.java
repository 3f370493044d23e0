package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.error.InvalidInputException;
import dev.custody.ingest.prov.AttributeValue.LangString;
import dev.custody.ingest.prov.AttributeValue.NumberValue;
import dev.custody.ingest.prov.AttributeValue.QualifiedNameValue;
import dev.custody.ingest.prov.AttributeValue.StringValue;
import dev.custody.ingest.prov.AttributeValue.TypedLiteral;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvJsonReaderTest {
  private static final String EX = "http://example.org/";

  private final ProvJsonReader reader = new ProvJsonReader();

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private ProvDocument read(String s) {
    return reader.read(json(s));
  }

  private static InvalidInputException refusal(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected the document to be refused");
  }

  private InvalidInputException refused(String s) {
    return refusal(() -> read(s));
  }

  @Test
  void prefixMayComeAfterTheRecordsThatUseIt() {
    ProvDocument doc = read("{'entity': {'ex:e1': {}}, 'prefix': {'ex': '" + EX + "'}}");

    assertThat(doc.statements())
        .containsExactly(new Element.Entity(new QualifiedName("ex", "e1", EX), Attributes.none()));
  }

  @Test
  void defaultNamespaceResolvesUnprefixedNames() {
    ProvDocument doc = read("{'prefix': {'default': '" + EX + "'}, 'agent': {'ag0': {}}}");

    assertThat(((Element) doc.statements().getFirst()).id().iri()).isEqualTo(EX + "ag0");
  }

  @Test
  void attributeValuesKeepTheirPROVJSONTypes() {
    ProvDocument doc =
        read(
            """
            {'prefix': {'ex': 'http://example.org/'},
             'entity': {'ex:e': {
               'ex:s': 'plain', 'ex:n': 2.50, 'ex:q': {'$': 'ex:x', 'type': 'prov:QUALIFIED_NAME'},
               'ex:t': {'$': '1', 'type': 'xsd:int'}, 'prov:label': {'$': 'salut', 'lang': 'fr'}}}}
            """);

    Attributes a = doc.statements().getFirst().attributes();
    assertThat(a.get(new QualifiedName("ex", "s", EX))).containsExactly(new StringValue("plain"));
    assertThat(a.get(new QualifiedName("ex", "n", EX)))
        .containsExactly(new NumberValue(new BigDecimal("2.50")));
    assertThat(a.get(new QualifiedName("ex", "q", EX)))
        .containsExactly(new QualifiedNameValue(new QualifiedName("ex", "x", EX)));
    assertThat(a.get(new QualifiedName("ex", "t", EX)))
        .containsExactly(new TypedLiteral("1", QualifiedName.xsd("int")));
    assertThat(a.get(QualifiedName.prov("label"))).containsExactly(new LangString("salut", "fr"));
  }

  @Test
  void derivationSubtypeIsReadFromProvType() {
    ProvDocument doc =
        read(
            """
            {'prefix': {'ex': 'http://example.org/'}, 'wasDerivedFrom': {'_:d': {
              'prov:generatedEntity': 'ex:b', 'prov:usedEntity': 'ex:a',
              'prov:type': {'$': 'prov:Revision', 'type': 'prov:QUALIFIED_NAME'}}}}
            """);

    assertThat(((Relation.Derivation) doc.statements().getFirst()).kinds())
        .containsExactly(DerivationKind.REVISION);
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {'wasGeneratedBy': {'_:wGB1': {'prov:entity': 'ex:e', 'prov:time': 'yesterday'}}} | /wasGeneratedBy/_:wGB1/prov:time | not an xsd:dateTime
          {'activity': {'ex:a': {'prov:startTime': '2012-13-01T00:00:00Z'}}}                 | /activity/ex:a/prov:startTime    | not an xsd:dateTime
          {'wasGeneratedBy': {'_:wGB1': {'prov:activity': 'ex:a'}}}                          | /wasGeneratedBy/_:wGB1/prov:entity | needs prov:entity
          {'wasGeneratedBy': {'_:wGB1': {'prov:entity': 'nope:e'}}}                          | /wasGeneratedBy/_:wGB1/prov:entity | undeclared prefix 'nope'
          {'wasGeneratedBy': {'_:wGB1': {'prov:entity': 'e'}}}                               | /wasGeneratedBy/_:wGB1/prov:entity | no default namespace
          {'entity': {'ex:e': {'ex:v': null}}}                                               | /entity/ex:e/ex:v                | null is not
          {'entity': {'ex:e': {'ex:v': [1, [2]]}}}                                           | /entity/ex:e/ex:v/1              | nested arrays
          {'entity': {'ex:e': {'ex:v': {'$': 'x', 'type': 'xsd:string', 'extra': 1}}}}       | /entity/ex:e/ex:v/extra          | only $, type and lang
          {'entity': {'ex:e': [{}, 7]}}                                                      | /entity/ex:e/1                   | found a number
          {'entity': {'a~b/c': {}}}                                                          | /entity/a~0b~1c                  | no default namespace
          {'prefix': {'prov': 'http://example.org/'}}                                        | /prefix/prov                     | reserved
          {'prefix': 'ex'}                                                                   | /prefix                          | found a string
          {'bundle': {'ex:b': {'bundle': {}}}}                                               | /bundle/ex:b/bundle              | cannot contain bundles
          {'entity': {'ex:e': {}}, 'entity': {}}                                             | /entity                          | Duplicate
          {'entity': {}} {}                                                                  | ''                               | not valid JSON
          {'@context': 'https://openprovenance.org/prov-jsonld/context.jsonld'}             | /@context                        | PROV-JSONLD
          """)
  void shapeErrorsNameTheMember(String doc, String pointer, String detail) {
    String withPrefix =
        doc.contains("'prefix'") ? doc : "{'prefix': {'ex': '" + EX + "'}, " + doc.substring(1);

    InvalidInputException e = refused(withPrefix);

    assertThat(e.field()).isEqualTo(pointer.equals("''") ? "" : pointer);
    assertThat(e.detail()).contains(detail);
  }

  @Test
  void documentsOverTheSizeCapAreRefusedWith413() {
    ProvJsonReader small = new ProvJsonReader(new ProvJsonReader.Limits(64, 32, 10));

    InvalidInputException e =
        refusal(
            () -> small.read(json("{'entity': {'ex:e': {'ex:pad': '" + "x".repeat(64) + "'}}}")));

    assertThat(e.status()).isEqualTo(413);
  }

  @Test
  void nestingBeyondTheDepthCapIsRefused() {
    String deep = "[".repeat(40) + "]".repeat(40);

    InvalidInputException e = refused("{'entity': {'ex:e': {'ex:v': " + deep + "}}}");

    assertThat(e.detail()).contains("nested deeper than 32");
  }

  @Test
  void tooManyStatementsAreRefusedWith413() {
    ProvJsonReader small = new ProvJsonReader(new ProvJsonReader.Limits(1 << 20, 32, 2));

    InvalidInputException e =
        refusal(() ->
            small.read(json("{'prefix': {'ex': '" + EX + "'}, 'entity': {'ex:e': [{}, {}, {}]}}")));

    assertThat(e.status()).isEqualTo(413);
    assertThat(e.field()).isEqualTo("/entity/ex:e/2");
  }
}
