package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProvSemanticEqualityTest {
  private final ProvJsonReader reader = new ProvJsonReader();

  private ProvDocument read(String s) {
    return reader.read(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void prefixChoiceDoesNotMatter() {
    ProvDocument a = read("{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': 1}}}");
    ProvDocument b = read("{'prefix': {'default': 'http://e/'}, 'entity': {'x': {'k': 1.0}}}");

    assertThat(a.semanticallyEquals(b)).isTrue();
  }

  @Test
  void statementAndValueOrderDoNotMatter() {
    ProvDocument a =
        read("{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': [1, 'a']}, 'ex:y': {}}}");
    ProvDocument b =
        read("{'entity': {'ex:y': {}, 'ex:x': {'ex:k': ['a', 1]}}, 'prefix': {'ex': 'http://e/'}}");

    assertThat(a.semanticallyEquals(b)).isTrue();
  }

  @Test
  void blankRelationIdentifiersAreNotSignificant() {
    ProvDocument a =
        read("{'prefix': {'ex': 'http://e/'}, 'used': {'_:u1': {'prov:activity': 'ex:a'}}}");
    ProvDocument b =
        read("{'prefix': {'ex': 'http://e/'}, 'used': {'_:other': {'prov:activity': 'ex:a'}}}");

    assertThat(a.semanticallyEquals(b)).isTrue();
  }

  @Test
  void namedRelationIdentifiersAreSignificant() {
    ProvDocument a =
        read("{'prefix': {'ex': 'http://e/'}, 'used': {'ex:u1': {'prov:activity': 'ex:a'}}}");
    ProvDocument b =
        read("{'prefix': {'ex': 'http://e/'}, 'used': {'ex:u2': {'prov:activity': 'ex:a'}}}");

    assertThat(a.semanticallyEquals(b)).isFalse();
  }

  @Test
  void valueTypeMatters() {
    ProvDocument a = read("{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': '1'}}}");
    ProvDocument b =
        read(
            "{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': {'$': '1', 'type':"
                + " 'xsd:int'}}}}");

    assertThat(a.semanticallyEquals(b)).isFalse();
  }

  @Test
  void plainStringEqualsXsdStringLiteral() {
    ProvDocument a = read("{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': 'v'}}}");
    ProvDocument b =
        read(
            "{'prefix': {'ex': 'http://e/'}, 'entity': {'ex:x': {'ex:k': {'$': 'v', 'type':"
                + " 'xsd:string'}}}}");

    assertThat(a.semanticallyEquals(b)).isTrue();
  }

  @Test
  void timesCompareAsInstants() {
    ProvDocument a =
        read(
            "{'prefix': {'ex': 'http://e/'}, 'activity': {'ex:a': {'prov:startTime':"
                + " '2012-11-16T16:05:00+01:00'}}}");
    ProvDocument b =
        read(
            "{'prefix': {'ex': 'http://e/'}, 'activity': {'ex:a': {'prov:startTime':"
                + " '2012-11-16T15:05:00.000Z'}}}");

    assertThat(a.semanticallyEquals(b)).isTrue();
  }

  @Test
  void bundlesCompareByContent() {
    ProvDocument a =
        read("{'prefix': {'ex': 'http://e/'}, 'bundle': {'ex:b': {'entity': {'ex:x': {}}}}}");
    ProvDocument b =
        read("{'prefix': {'ex': 'http://e/'}, 'bundle': {'ex:b': {'entity': {'ex:y': {}}}}}");

    assertThat(a.semanticallyEquals(b)).isFalse();
  }
}
