package dev.custody.ingest.prov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.custody.error.InvalidInputException;
import dev.custody.ingest.prov.ProvProjector.Projection;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProvProjectorTest {
  private static final NodeId PRODUCER = NodeId.parse("urn:custody:test", "producer");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String EX = "https://example.org/";

  private static Projection project(String json) {
    ProvDocument doc = new ProvJsonReader().read(json.getBytes(StandardCharsets.UTF_8));
    return new ProvProjector().project(doc, PRODUCER, NOW);
  }

  private static String doc(String body) {
    return "{\"prefix\": {\"ex\": \"" + EX + "\"}, " + body + "}";
  }

  private static Map<NodeId, Node> nodes(Projection p) {
    return p.prov().nodes().stream().collect(Collectors.toMap(Node::id, Function.identity()));
  }

  private static NodeId ex(String local) {
    return NodeId.parse(EX + local, "id");
  }

  private static InvalidInputException refusal(String json) {
    return catchThrowableOfType(InvalidInputException.class, () -> project(json));
  }

  @Test
  void anUndeclaredEndIsANodeOfTheKindTheRelationImplies() {
    Projection p =
        project(
            doc(
                "\"wasGeneratedBy\": {\"_:g\": {\"prov:entity\": \"ex:e\", \"prov:activity\": \"ex:a\"}}"));
    assertThat(nodes(p).get(ex("e")).kind()).isEqualTo(Kind.ENTITY);
    assertThat(nodes(p).get(ex("a")).kind()).isEqualTo(Kind.ACTIVITY);
    assertThat(p.prov().edges())
        .extracting(Edge::relation)
        .containsExactly(Relation.WAS_GENERATED_BY);
  }

  @Test
  void unmodelledRelationsAndMissingEndsAreCountedNotProjected() {
    Projection p =
        project(
            doc(
                "\"activity\": {\"ex:a\": {}},"
                    + " \"wasStartedBy\": {\"_:s\": {\"prov:activity\": \"ex:a\"}},"
                    + " \"hadMember\": {\"_:m\": {\"prov:collection\": \"ex:c\", \"prov:entity\": [\"ex:e\"]}},"
                    + " \"wasDerivedFrom\": {\"_:d\": {\"prov:usedEntity\": \"ex:e\"}}"));
    assertThat(p.prov().edges()).isEmpty();
    assertThat(p.unmodelled()).isEqualTo(2);
    assertThat(p.missingLinks()).isEqualTo(1);
    assertThat(nodes(p)).containsOnlyKeys(ex("a"));
  }

  @Test
  void bundleStatementsProjectAndAreNamedUnderTheBundle() {
    Projection p = project(doc("\"bundle\": {\"ex:b\": {\"entity\": {\"ex:e\": {}}}}"));
    assertThat(nodes(p)).containsOnlyKeys(ex("e"));
    assertThat(p.pointers().get(ex("e"))).isEqualTo("/bundle/ex:b/entity/ex:e");
  }

  @Test
  void attributesAreCanonicalJsonAndTypeAndLabelAreKept() {
    Projection p =
        project(
            doc(
                "\"entity\": {\"ex:e\": {\"prov:label\": \"Report\", \"prov:type\": \"doc\","
                    + " \"ex:pages\": 3, \"ex:tags\": [\"a\", \"b\"],"
                    + " \"ex:kind\": {\"$\": \"ex:thing\", \"type\": \"prov:QUALIFIED_NAME\"}}}"));
    Node e = nodes(p).get(ex("e"));
    assertThat(e.name()).isEqualTo("Report");
    assertThat(e.type()).isEqualTo("doc");
    assertThat(e.attributes())
        .containsEntry(EX + "pages", "3")
        .containsEntry(EX + "tags", "[\"a\",\"b\"]")
        .containsEntry(EX + "kind", "{\"$\":\"" + EX + "thing\",\"type\":\"prov:QUALIFIED_NAME\"}")
        .containsEntry("prov:label", "\"Report\"");
  }

  @Test
  void anActivitysZonedTimesAreItsStartAndEndALocalTimeStaysAnAttribute() {
    Projection p =
        project(
            doc(
                "\"activity\": {\"ex:a\": {\"prov:startTime\": \"2026-11-25T11:00:00+01:00\","
                    + " \"prov:endTime\": \"2026-11-25T11:30:00\"}}"));
    Node a = nodes(p).get(ex("a"));
    assertThat(a.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(a.endedAt()).isNull();
    assertThat(a.attributes()).containsEntry("prov:endTime", "\"2026-11-25T11:30:00\"");
  }

  @Test
  void aBlankElementIdIsRefusedNamingTheMember() {
    assertThat(refusal("{\"entity\": {\"_:b\": {}}}").field()).isEqualTo("/entity/_:b");
  }

  @Test
  void anIdWithTwoKindsIsRefusedNamingTheLaterMember() {
    InvalidInputException e = refusal(doc("\"entity\": {\"ex:x\": {}}, \"agent\": {\"ex:x\": {}}"));
    assertThat(e.field()).isEqualTo("/agent/ex:x");
  }

  @Test
  void aRelationEndOfTheWrongKindIsRefusedNamingTheRelation() {
    InvalidInputException e =
        refusal(
            doc(
                "\"agent\": {\"ex:ag\": {}},"
                    + " \"used\": {\"ex:u\": {\"prov:activity\": \"ex:ag\", \"prov:entity\": \"ex:e\"}}"));
    assertThat(e.field()).isEqualTo("/used/ex:u");
    assertThat(e.detail()).contains("used needs an activity");
  }
}
