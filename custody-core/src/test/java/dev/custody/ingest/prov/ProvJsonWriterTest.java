package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvJsonWriterTest {
  private static final String EX = "http://example.org/";
  private static final Namespaces NS = new Namespaces(Map.of("ex", EX), null);
  private static final QualifiedName E = new QualifiedName("ex", "e", EX);
  private static final QualifiedName A = new QualifiedName("ex", "a", EX);

  private final ProvJsonWriter writer = new ProvJsonWriter();

  private String write(Statement... statements) {
    return new String(
        writer.write(new ProvDocument(NS, List.of(statements), List.of())), StandardCharsets.UTF_8);
  }

  @Test
  void relationWithoutIdentifierGetsAFreshBlankOne() {
    String json = write(new Relation.Generation(null, E, A, null, Attributes.none()));

    assertThat(json).contains("\"_:wGB1\"");
  }

  @Test
  void freshBlankIdentifierDoesNotCaptureABlankReference() {
    // The derivation names a generation _:wGB1 that is not in the document; the id-less generation
    // must not take that name, or the reference would start pointing at it.
    String json =
        write(
            new Relation.Derivation(
                null, E, A, null, QualifiedName.blank("wGB1"), null, Attributes.none()),
            new Relation.Generation(null, E, A, null, Attributes.none()));

    assertThat(json).contains("\"_:wGB2\"").doesNotContain("\"_:wGB1\" :");
  }

  @Test
  void prefixNotDeclaredInTheDocumentIsRefused() {
    QualifiedName undeclared = new QualifiedName("zz", "x", "http://zz/");

    assertThatThrownBy(() -> write(new Element.Entity(undeclared, Attributes.none())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zz:x");
  }

  @Test
  void attributeNamedLikeAReservedMemberIsRefused() {
    Attributes clash =
        Attributes.none().with(QualifiedName.prov("entity"), new AttributeValue.StringValue("x"));

    assertThatThrownBy(() -> write(new Relation.Generation(null, E, A, null, clash)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prov:entity");
  }
}
