package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random documents survive the writer and the reader with their meaning intact. */
class ProvJsonPropertiesTest {
  private static final String EX = "http://example.org/";
  private static final String INNER = "http://inner.example/";
  private static final Namespaces DOC_NS =
      new Namespaces(
          linked("ex", EX, "ex2", "http://example.org/2#", "other", EX), "http://default.example/");
  private static final Namespaces BUNDLE_NS = new Namespaces(linked("inner", INNER), null);

  private final ProvJsonReader reader = new ProvJsonReader();
  private final ProvJsonWriter writer = new ProvJsonWriter();

  private static Map<String, String> linked(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Property(tries = 200)
  void writeThenReadGivesASemanticallyEqualDocument(@ForAll("documents") ProvDocument doc) {
    ProvDocument back = reader.read(writer.write(doc));

    assertThat(back.semanticallyEquals(doc)).isTrue();
    assertThat(back.statementCount()).isEqualTo(doc.statementCount());
  }

  @Property(tries = 100)
  void writingIsStableAfterOneRoundTrip(@ForAll("documents") ProvDocument doc) {
    byte[] once = writer.write(reader.read(writer.write(doc)));
    byte[] twice = writer.write(reader.read(once));

    assertThat(twice).isEqualTo(once);
  }

  @Property(tries = 100)
  void statementOrderIsNotSignificant(@ForAll("documents") ProvDocument doc, @ForAll long seed) {
    List<Statement> shuffled = new ArrayList<>(doc.statements());
    Collections.shuffle(shuffled, new Random(seed));
    ProvDocument reordered = new ProvDocument(doc.namespaces(), shuffled, doc.bundles());

    assertThat(reordered.semanticallyEquals(doc)).isTrue();
  }

  @Property(tries = 100)
  void anExtraStatementIsSignificant(@ForAll("documents") ProvDocument doc) {
    // "fresh-1" is outside the generator's alphabet, so this entity is new to the document.
    List<Statement> more = new ArrayList<>(doc.statements());
    more.add(new Element.Entity(new QualifiedName("ex", "fresh-1", EX), Attributes.none()));

    assertThat(new ProvDocument(doc.namespaces(), more, doc.bundles()).semanticallyEquals(doc))
        .isFalse();
  }

  @Provide
  Arbitrary<ProvDocument> documents() {
    Arbitrary<List<Statement>> top = statements(false).list().ofMaxSize(12);
    Arbitrary<List<Bundle>> bundles =
        Combinators.combine(names(false), statements(true).list().ofMaxSize(5))
            .as((id, statements) -> new Bundle(id, BUNDLE_NS, statements))
            .list()
            .ofMaxSize(2)
            .uniqueElements(b -> b.id().toPrefixed());
    return Combinators.combine(top, bundles)
        .as((statements, bs) -> new ProvDocument(DOC_NS, statements, bs));
  }

  private static Arbitrary<QualifiedName> names(boolean inBundle) {
    List<String> prefixes = new ArrayList<>(List.of("ex", "ex2", "other", ""));
    if (inBundle) {
      prefixes.add("inner");
    }
    Arbitrary<String> locals =
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(4);
    return Combinators.combine(Arbitraries.of(prefixes), locals)
        .as((prefix, local) -> {
          String ns =
              prefix.equals("inner")
                  ? INNER
                  : prefix.isEmpty() ? DOC_NS.defaultNamespace() : DOC_NS.lookup(prefix);
          return new QualifiedName(prefix, local, ns);
        });
  }

  private static Arbitrary<QualifiedName> relationIds(boolean inBundle) {
    Arbitrary<QualifiedName> blank =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4).map(QualifiedName::blank);
    return Arbitraries.oneOf(names(inBundle), blank).injectNull(0.5);
  }

  private static Arbitrary<ProvTime> times() {
    Arbitrary<Instant> instants =
        Arbitraries.longs().between(0, 4_102_444_800_000L).map(ms -> Instant.ofEpochMilli(ms));
    Arbitrary<String> zones = Arbitraries.of("Z", "+01:00", "-05:30", "");
    return Combinators.combine(instants, zones)
        .as((at, zone) -> {
          ZoneOffset offset =
              zone.isEmpty() || zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone);
          String local = at.atOffset(offset).toLocalDateTime().toString();
          if (local.length() == 16) {
            local += ":00"; // xsd:dateTime needs seconds; LocalDateTime drops ":00"
          }
          return new ProvTime(local + zone);
        });
  }

  private static Arbitrary<AttributeValue> values(boolean inBundle) {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('é', '中', '\n', '"', '\\', '\u2028')
            .ofMaxLength(8);
    Arbitrary<QualifiedName> datatypes =
        Arbitraries.of(
            QualifiedName.xsd("int"),
            QualifiedName.xsd("anyURI"),
            QualifiedName.xsd("string"),
            new QualifiedName("ex", "custom", EX));
    return Arbitraries.oneOf(
        text.map(AttributeValue.StringValue::new),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
            .ofScale(3)
            .map(AttributeValue.NumberValue::new),
        Arbitraries.of(true, false).map(AttributeValue.BooleanValue::new),
        Combinators.combine(text, datatypes).as(AttributeValue.TypedLiteral::new),
        Combinators.combine(text, Arbitraries.of("en", "fr", "en-GB"))
            .as(AttributeValue.LangString::new),
        names(inBundle).map(AttributeValue.QualifiedNameValue::new));
  }

  private static Arbitrary<Attributes> attributes(boolean inBundle) {
    Arbitrary<QualifiedName> keys =
        Arbitraries.oneOf(
            names(inBundle), Arbitraries.of("type", "label", "role").map(QualifiedName::prov));
    return Arbitraries.maps(keys, values(inBundle).list().ofMinSize(1).ofMaxSize(3))
        .ofMaxSize(3)
        .map(Attributes::new);
  }

  private static Arbitrary<Statement> statements(boolean inBundle) {
    List<Arbitrary<Statement>> kinds = new ArrayList<>();
    for (RecordKind kind : RecordKind.values()) {
      kinds.add(statement(kind, inBundle));
    }
    return Arbitraries.oneOf(kinds);
  }

  private static Arbitrary<Statement> statement(RecordKind kind, boolean inBundle) {
    List<Arbitrary<Object>> parts = new ArrayList<>();
    parts.add((kind.isElement() ? names(inBundle) : relationIds(inBundle)).map(q -> (Object) q));
    parts.add(attributes(inBundle).map(a -> (Object) a));
    for (RecordKind.Field field : kind.fields) {
      Arbitrary<?> arg =
          switch (field.arity()) {
            case REQUIRED -> names(inBundle);
            case OPTIONAL -> names(inBundle).injectNull(0.4);
            case TIME -> times().injectNull(0.4);
            case LIST -> names(inBundle).list().ofMaxSize(3);
          };
      parts.add(arg.map(a -> (Object) a));
    }
    return Combinators.combine(parts)
        .as(values -> {
          Map<String, Object> args = new HashMap<>();
          for (int i = 0; i < kind.fields.size(); i++) {
            Object v = values.get(i + 2);
            if (v != null) {
              args.put(kind.fields.get(i).name(), v);
            }
          }
          return kind.build((QualifiedName) values.get(0), args, (Attributes) values.get(1));
        });
  }
}
