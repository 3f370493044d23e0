package dev.custody.ingest.nativerecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeRecordParserTest {
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String COMMIT = "git+https://github.com/org/repo@" + SHA;
  static final String IMAGE =
      "ghcr.io/org/app@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String BUILD = "https://ci.example/builds/42";

  final NativeRecordParser parser = new NativeRecordParser();

  static String build(String extraNode, String relations) {
    return """
    {"_type":"https://custody.dev/record/v1",
     "producer":"https://ci.example",
     "time":"2026-11-25T12:00:00+01:00",
     "nodes":[
       {"id":"%s","kind":"entity","type":"git-commit","attributes":{"branch":"main","n":1}},
       {"id":"%s","kind":"activity","type":"build","startedAt":"2026-11-25T10:00:00Z","endedAt":"2026-11-25T10:05:00Z"},
       {"id":"%s","kind":"entity","type":"container-image"}%s],
     "relations":[%s]}
    """
        .formatted(COMMIT, BUILD, IMAGE, extraNode, relations);
  }

  static final String GOOD_RELATIONS =
      """
      {"relation":"used","subject":"%s","object":"%s"},
      {"relation":"wasGeneratedBy","subject":"%s","object":"%s","time":"2026-11-25T10:05:00Z"},
      {"relation":"wasAssociatedWith","subject":"%s","object":"https://ci.example"}
      """
          .formatted(BUILD, COMMIT, IMAGE, BUILD, BUILD);

  private ProvRecord read(String json) {
    return parser.read(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  private InvalidInputException refusal(String json) {
    try {
      read(json);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aCiRecordBecomesNodesAndRelations() {
    ProvRecord r = read(build("", GOOD_RELATIONS));
    assertThat(r.producer()).isEqualTo(NodeId.parse("https://ci.example", "p"));
    assertThat(r.claimedTime()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    assertThat(r.nodes())
        .extracting(Node::kind)
        .containsExactly(Kind.AGENT, Kind.ENTITY, Kind.ACTIVITY, Kind.ENTITY);
    Node commit = r.nodes().get(1);
    assertThat(commit.type()).isEqualTo("git-commit");
    assertThat(commit.attributes()).containsEntry("branch", "\"main\"").containsEntry("n", "1");
    assertThat(r.nodes().get(2).startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(r.edges())
        .extracting(Edge::relation)
        .containsExactly(Relation.USED, Relation.WAS_GENERATED_BY, Relation.WAS_ASSOCIATED_WITH);
    assertThat(r.edges().get(1).subject().toString()).isEqualTo(IMAGE);
  }

  @Test
  void anEdgeNamesADeclaredNodeByAnySpellingOfItsId() {
    String spelled =
        "git+https://GitHub.com/org/repo.git@" + SHA.toUpperCase(java.util.Locale.ROOT);
    assertThat(NodeId.parse(spelled, "t")).isEqualTo(NodeId.parse(COMMIT, "t")); // the premise
    String relations =
        "{\"relation\":\"used\",\"subject\":\"%s\",\"object\":\"%s\"}".formatted(BUILD, spelled);

    ProvRecord r = read(build("", relations));

    assertThat(r.edges().getFirst().object()).isEqualTo(NodeId.parse(COMMIT, "t"));
    assertThat(r.edges().getFirst().object().toString()).isEqualTo(COMMIT);
  }

  @Test
  void anyOtherObjectIsAnOpaqueRecord() {
    assertThat(parser.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(
            parser.read(
                "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void unknownTypesAreKeptAsData() {
    String extra =
        ",{\"id\":\"urn:x:model-7\",\"kind\":\"entity\",\"type\":\"ml-model-checkpoint\"}";
    assertThat(read(build(extra, GOOD_RELATIONS)).nodes().get(4).type())
        .isEqualTo("ml-model-checkpoint");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown relation | {\"relation\":\"wasBuiltBy\",\"subject\":\""
            + IMAGE
            + "\",\"object\":\""
            + BUILD
            + "\"} | /relations/0/relation",
        "wrong subject kind | {\"relation\":\"used\",\"subject\":\""
            + IMAGE
            + "\",\"object\":\""
            + COMMIT
            + "\"} | /relations/0/subject",
        "wrong object kind | {\"relation\":\"wasGeneratedBy\",\"subject\":\""
            + IMAGE
            + "\",\"object\":\""
            + COMMIT
            + "\"} | /relations/0/object",
        "dangling end | {\"relation\":\"used\",\"subject\":\""
            + BUILD
            + "\",\"object\":\"pkg:npm/left-pad@1.0.0\"} | /relations/0/object",
        "malformed id | {\"relation\":\"used\",\"subject\":\""
            + BUILD
            + "\",\"object\":\"sha256:abc\"} | /relations/0/object",
        "unknown member | {\"relation\":\"used\",\"subject\":\""
            + BUILD
            + "\",\"object\":\""
            + COMMIT
            + "\",\"wen\":1} | /relations/0/wen",
        "bad time | {\"relation\":\"used\",\"subject\":\""
            + BUILD
            + "\",\"object\":\""
            + COMMIT
            + "\",\"time\":\"yesterday\"} | /relations/0/time",
      })
  void badRelationsAreRefusedNamingTheMember(String name, String relation, String pointer) {
    assertThat(refusal(build("", relation)).field()).isEqualTo(pointer);
  }

  @Test
  void badNodesAreRefusedNamingTheMember() {
    assertThat(refusal(build(",{\"id\":\"" + COMMIT + "\",\"kind\":\"entity\"}", "")).field())
        .isEqualTo("/nodes/3/id");
    assertThat(refusal(build(",{\"id\":\"urn:a\",\"kind\":\"thing\"}", "")).field())
        .isEqualTo("/nodes/3/kind");
    assertThat(
            refusal(
                    build(
                        ",{\"id\":\"urn:a\",\"kind\":\"entity\",\"startedAt\":\"2026-01-01T00:00:00Z\"}",
                        ""))
                .field())
        .isEqualTo("/nodes/3/startedAt");
    assertThat(
            refusal(build(",{\"id\":\"urn:a\",\"kind\":\"entity\",\"attributes\":[1]}", ""))
                .field())
        .isEqualTo("/nodes/3/attributes");
    assertThat(refusal(build(",{\"kind\":\"entity\"}", "")).field()).isEqualTo("/nodes/3/id");
  }

  @Test
  void theTopLevelIsCheckedToo() {
    assertThatThrownBy(() ->
            read("{\"_type\":\"https://custody.dev/record/v1\",\"time\":\"2026-11-25T12:00:00Z\"}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'producer' is required");
    assertThat(
            refusal(
                    "{\"_type\":\"https://custody.dev/record/v1\",\"producer\":\"urn:p\",\"time\":\"2026-11-25T12:00:00\"}")
                .field())
        .isEqualTo("/time");
    assertThat(
            refusal(
                    "{\"_type\":\"https://custody.dev/record/v1\",\"producer\":\"urn:p\",\"time\":\"2026-11-25T12:00:00Z\",\"nodez\":[]}")
                .field())
        .isEqualTo("/nodez");
  }

  /**
   * Times in the common UTC form are read by hand, not by the formatter: the result must be the
   * formatter's, and a field out of range (month 13, 30 February, hour 24, second 60) refused.
   */
  @net.jqwik.api.Property(tries = 500)
  void aUtcTimeIsReadAsTheFormatterReadsIt(
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9999) int year,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 14) int month,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 32) int day,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 25) int hour,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 61) int minute,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 61) int second) {
    String time =
        "%04d-%02d-%02dT%02d:%02d:%02dZ".formatted(year, month, day, hour, minute, second);
    String json = build("", GOOD_RELATIONS).replace("2026-11-25T12:00:00+01:00", time);
    java.time.Instant expected;
    try {
      expected = java.time.OffsetDateTime.parse(time).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      assertThat(refusal(json).field()).isEqualTo("/time");
      return;
    }
    assertThat(read(json).claimedTime()).isEqualTo(expected);
  }
}
