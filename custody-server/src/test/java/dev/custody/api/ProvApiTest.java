package dev.custody.api;

import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.prov.Bundle;
import dev.custody.ingest.prov.Element;
import dev.custody.ingest.prov.ProvDocument;
import dev.custody.ingest.prov.ProvJsonReader;
import dev.custody.ingest.prov.QualifiedName;
import dev.custody.ingest.prov.Relation;
import dev.custody.ingest.prov.Statement;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import dev.custody.service.ClockPolicy;
import dev.custody.service.GraphReindexer;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /v1/prov} and {@code GET /v1/prov} over real HTTP on SQLite. */
class ProvApiTest {
  private static final String FIXTURES = "prov/prov-json/trungdong-prov";

  /**
   * How many VALID fixtures qualify for the round trip (every id NodeId keeps as written, every
   * relation one Custody models with both ends declared as elements of the right kind). Asserted so
   * that a change in the mapping cannot skip fixtures silently.
   */
  private static final int QUALIFYING_FIXTURES = 157;

  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private static final String DOC =
      """
      {"prefix": {"ex": "https://example.org/"},
       "entity": {"ex:report": {"prov:label": "report", "prov:type": "ex:document", "ex:pages": 3},
                  "ex:data": {}},
       "activity": {"ex:write": {"prov:startTime": "2026-11-25T10:00:00Z"}},
       "agent": {"ex:alice": {}},
       "wasGeneratedBy": {"_:g1": {"prov:entity": "ex:report", "prov:activity": "ex:write",
                                   "prov:time": "2026-11-25T11:00:00+01:00"}},
       "used": {"_:u1": {"prov:activity": "ex:write", "prov:entity": "ex:data"}},
       "wasAssociatedWith": {"_:a1": {"prov:activity": "ex:write", "prov:agent": "ex:alice"}},
       "wasStartedBy": {"_:s1": {"prov:activity": "ex:write"}},
       "wasDerivedFrom": {"_:d1": {"prov:usedEntity": "ex:data"}},
       "bundle": {"ex:b1": {"entity": {"ex:draft": {}},
                            "alternateOf": {"_:ao": {"prov:alternate1": "ex:draft",
                                                     "prov:alternate2": "ex:report"}}}}}
      """;

  @Test
  void aDocumentIsOneRecordProjectedIntoTheGraph() {
    HttpResponse<byte[]> r = s.postJson("/v1/prov?wait=checkpoint", DOC);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    JsonNode a = json(r);
    assertThat(a.get("index").asLong()).isZero();
    assertThat(a.get("id").asText()).startsWith("sha256:");
    assertThat(a.get("projected").get("nodes").asInt()).isEqualTo(5);
    assertThat(a.get("projected").get("edges").asInt()).isEqualTo(4);
    assertThat(a.get("projected").get("unmodelledRelations").asInt()).isEqualTo(1);
    assertThat(a.get("projected").get("missingLinks").asInt()).isEqualTo(1);
    JsonNode lineage =
        json(s.get("/v1/lineage?id=" + enc("https://example.org/report") + "&direction=upstream"));
    List<String> ids = new ArrayList<>();
    lineage.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids)
        .containsExactlyInAnyOrder(
            "https://example.org/report",
            "https://example.org/write",
            "https://example.org/data",
            "https://example.org/alice",
            "https://example.org/draft");
  }

  @Test
  void theSameDocumentAgainIsTheSameRecord() {
    JsonNode first = json(s.postJson("/v1/prov", DOC));
    HttpResponse<byte[]> again = s.postJson("/v1/prov", DOC.replace("\n", " "));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("index").asLong()).isEqualTo(first.get("index").asLong());
  }

  @Test
  void aLargeDocumentIsKeptBesideTheLogAndReindexReadsItBack() throws Exception {
    StringBuilder entities = new StringBuilder();
    StringBuilder derivations = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      entities.append(i == 0 ? "" : ",").append("\"ex:e").append(i).append("\":{}");
      if (i > 0) {
        derivations
            .append(i == 1 ? "" : ",")
            .append("\"_:d")
            .append(i)
            .append("\":{\"prov:generatedEntity\":\"ex:e")
            .append(i)
            .append("\",\"prov:usedEntity\":\"ex:e")
            .append(i - 1)
            .append("\"}");
      }
    }
    String doc =
        "{\"prefix\":{\"ex\":\"https://example.org/big/\"},\"entity\":{"
            + entities
            + "},\"wasDerivedFrom\":{"
            + derivations
            + "}}";
    assertThat(doc.length()).isGreaterThan(PayloadRefs.INLINE_LIMIT);
    HttpResponse<byte[]> r = s.postJson("/v1/prov?wait=checkpoint", doc);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    assertThat(json(r).at("/projected/edges").asInt()).isEqualTo(1_999);
    JsonNode record = json(s.get("/v1/records/" + json(r).get("id").asText())).get("record");
    String digest = record.at("/documentRef/digest").asText();
    assertThat(record.has("document")).isFalse();
    assertThat(Payload.digestOf(s.get("/v1/payloads/" + digest).body())).isEqualTo(digest);
    // The same document again, spaced differently, is the same record.
    assertThat(s.postJson("/v1/prov", doc.replace(",", ", ")).statusCode()).isEqualTo(200);
    s.close();

    List<String> before = OpenLineageGraphPropertiesTest.dump(dir, true);
    try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
      new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});
    }
    assertThat(OpenLineageGraphPropertiesTest.dump(dir, true))
        .hasSizeGreaterThan(4_000)
        .isEqualTo(before);
    s = new TestServer(dir);
  }

  @Test
  void theStoredEnvelopeIsReadTheSameWhicheverRouteItComesBy() {
    JsonNode viaProv = json(s.postJson("/v1/prov?wait=checkpoint", DOC));
    String stored =
        json(s.get("/v1/records/" + viaProv.get("id").asText())).get("record").toString();
    assertThat(stored).startsWith("{\"_type\":\"https://custody.dev/prov-json/v1\"");

    // The same envelope through /v1/records is the same record; a changed one projects too.
    HttpResponse<byte[]> again = s.postJson("/v1/records", stored);
    assertThat(again.statusCode()).isEqualTo(200);
    String other = stored.replace("https://example.org/", "https://example.net/");
    assertThat(s.postJson("/v1/records?wait=checkpoint", other).statusCode()).isEqualTo(201);
    JsonNode lineage =
        json(s.get("/v1/lineage?id=" + enc("https://example.net/report") + "&direction=upstream"));
    assertThat(lineage.get("nodes").size()).isEqualTo(5);
  }

  @Test
  void theNodeKeepsItsTypeNameAndAttributes() {
    s.postJson("/v1/prov?wait=checkpoint", DOC);
    JsonNode n = json(s.get("/v1/nodes/" + enc("https://example.org/report")));
    assertThat(n.get("kind").asText()).isEqualTo("entity");
    assertThat(n.get("name").asText()).isEqualTo("report");
    // A bare string is a string in PROV-JSON, not a qualified name: kept as written.
    assertThat(n.get("type").asText()).isEqualTo("ex:document");
    assertThat(n.get("mentions").get(0).get("producer").asText())
        .isEqualTo("urn:custody:producer:prov-json");
  }

  @Test
  void anIdNodeIdRefusesIsA400NamingTheMember() {
    HttpResponse<byte[]> r = s.postJson("/v1/prov", "{\"entity\": {\"_:b1\": {}}, \"agent\": {}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("/entity/_:b1");
    assertThat(s.get("/v1/records?index=0").statusCode()).isEqualTo(404);
  }

  @Test
  void aRelationEndOfTheWrongKindIsA400NamingTheRelation() {
    String doc =
        """
        {"prefix": {"ex": "https://example.org/"},
         "agent": {"ex:alice": {}},
         "wasGeneratedBy": {"ex:gen": {"prov:entity": "ex:alice", "prov:activity": "ex:a"}}}
        """;
    HttpResponse<byte[]> r = s.postJson("/v1/prov", doc);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("/wasGeneratedBy/ex:gen");
  }

  @Test
  void aKindThatDiffersFromTheStoredOneIsA400NamingTheElement() {
    s.postJson("/v1/prov", DOC);
    String doc = "{\"prefix\": {\"ex\": \"https://example.org/\"}, \"agent\": {\"ex:report\": {}}}";
    HttpResponse<byte[]> r = s.postJson("/v1/prov", doc);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("/agent/ex:report");
  }

  @Test
  void exportWithoutIdIsA400NamingId() {
    HttpResponse<byte[]> r = s.get("/v1/prov?direction=both");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("id");
  }

  @Test
  void theExportOfTheIncidentIsPROVJsonOfItsLineage() throws IOException {
    IncidentScenario.post(s);
    HttpResponse<byte[]> r =
        s.get("/v1/prov?id=" + enc(IncidentScenario.POD) + "&direction=upstream");
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    ProvDocument doc = new ProvJsonReader().read(r.body());
    List<String> ids = new ArrayList<>();
    doc.statements()
        .forEach(st -> {
          if (st instanceof Element e) {
            ids.add(e.id().iri());
          }
        });
    assertThat(ids).contains(IncidentScenario.POD, IncidentScenario.COMMIT, IncidentScenario.IMAGE);
  }

  // ---- the real PROV-JSON fixtures ---------------------------------------------------------

  static Stream<Path> malformed() throws IOException {
    return list(FIXTURES + "/malformed").stream();
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedFixturesAreRefusedNamingTheMember(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    InvalidInputException expected =
        catchThrowableOfType(InvalidInputException.class, () -> new ProvJsonReader().read(bytes));
    HttpResponse<byte[]> r = s.post("/v1/prov", "application/json", bytes);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(expected.status());
    assertThat(json(r).get("field").asText()).isEqualTo(expected.field());
    assertThat(s.get("/v1/records?index=0").statusCode()).isEqualTo(404);
  }

  @Test
  void everyQualifyingFixtureExportsStatementsItContains() throws IOException {
    List<String> qualified = new ArrayList<>();
    for (Path file : list(FIXTURES + "/json")) {
      byte[] bytes = Files.readAllBytes(file);
      ProvDocument original = new ProvJsonReader().read(bytes);
      QualifiedName start = qualifyingStart(original);
      if (start == null) {
        continue;
      }
      qualified.add(file.getFileName().toString());
      try (TestServer fresh = new TestServer(Files.createTempDirectory(dir, "fixture"))) {
        HttpResponse<byte[]> post =
            fresh.post("/v1/prov?wait=checkpoint", "application/json", bytes);
        assertThat(post.statusCode()).as("%s: %s", file, TestServer.text(post)).isEqualTo(201);
        HttpResponse<byte[]> export =
            fresh.get("/v1/prov?id=" + enc(start.iri()) + "&direction=both&depth=50");
        assertThat(export.statusCode()).as("%s: %s", file, TestServer.text(export)).isEqualTo(200);
        ProvDocument exported = new ProvJsonReader().read(export.body());
        assertThat(exported.statementCount()).as("%s", file).isPositive();
        assertThat(impliedEnds(original, exported)).as("%s", file).isTrue();
        assertThat(original.semanticallyContains(declaredOnly(original, exported)))
            .as("%s exported %s", file, new String(export.body(), StandardCharsets.UTF_8))
            .isTrue();
      }
    }
    assertThat(qualified).as("qualifying fixtures %s", qualified).hasSize(QUALIFYING_FIXTURES);
  }

  /**
   * Where to start the export of a fixture that qualifies for the round trip (its first element, or
   * the subject of its first relation), or null: every id is one NodeId keeps as written, every
   * relation is one Custody models, with both ends, and no id has two kinds (declared or implied).
   */
  private static @Nullable QualifiedName qualifyingStart(ProvDocument doc) {
    List<Statement> all = flat(doc);
    Map<String, String> kinds = new HashMap<>();
    QualifiedName first = null;
    for (Statement st : all) {
      if (st instanceof Element e) {
        String kind = e.getClass().getSimpleName();
        if (!keptAsWritten(e.id()) || !kind.equals(kinds.getOrDefault(e.id().iri(), kind))) {
          return null;
        }
        kinds.put(e.id().iri(), kind);
        first = first == null ? e.id() : first;
      }
    }
    for (Statement st : all) {
      if (st instanceof Relation r) {
        if (!modelledWithDeclaredEnds(r, kinds)) {
          return null;
        }
        first = first == null ? pair(r)[0] : first;
      }
    }
    return first;
  }

  private static List<Statement> flat(ProvDocument doc) {
    List<Statement> all = new ArrayList<>(doc.statements());
    doc.bundles().stream().map(Bundle::statements).forEach(all::addAll);
    return all;
  }

  private static Set<String> declared(ProvDocument doc) {
    Set<String> ids = new HashSet<>();
    flat(doc)
        .forEach(st -> {
          if (st instanceof Element e) {
            ids.add(e.id().iri());
          }
        });
    return ids;
  }

  /** Every exported element the original does not declare is an end of one of its relations. */
  private static boolean impliedEnds(ProvDocument original, ProvDocument exported) {
    Set<String> ends = new HashSet<>();
    flat(original)
        .forEach(st -> {
          if (st instanceof Relation r) {
            ends.addAll(endsOf(r));
          }
        });
    Set<String> undeclared = declared(exported);
    undeclared.removeAll(declared(original));
    return ends.containsAll(undeclared);
  }

  /**
   * The export without the elements the original only implies (relation ends it never declares).
   */
  private static ProvDocument declaredOnly(ProvDocument original, ProvDocument exported) {
    Set<String> declared = declared(original);
    List<Statement> kept =
        exported.statements().stream()
            .filter(st -> !(st instanceof Element e) || declared.contains(e.id().iri()))
            .toList();
    return new ProvDocument(exported.namespaces(), kept, exported.bundles());
  }

  private static List<String> endsOf(Relation r) {
    List<String> out = new ArrayList<>();
    for (QualifiedName q : pair(r)) {
      if (q != null) {
        out.add(q.iri());
      }
    }
    return out;
  }

  /** Subject and object of a modelled relation (either may be null); empty for other relations. */
  private static @Nullable QualifiedName[] pair(Relation r) {
    return switch (r) {
      case Relation.Generation g -> new QualifiedName[] {g.entity(), g.activity()};
      case Relation.Usage u -> new QualifiedName[] {u.activity(), u.entity()};
      case Relation.Communication c -> new QualifiedName[] {c.informed(), c.informant()};
      case Relation.Invalidation i -> new QualifiedName[] {i.entity(), i.activity()};
      case Relation.Derivation d -> new QualifiedName[] {d.generatedEntity(), d.usedEntity()};
      case Relation.Attribution a -> new QualifiedName[] {a.entity(), a.agent()};
      case Relation.Association a -> new QualifiedName[] {a.activity(), a.agent()};
      case Relation.Delegation d -> new QualifiedName[] {d.delegate(), d.responsible()};
      case Relation.Alternate a -> new QualifiedName[] {a.alternate1(), a.alternate2()};
      case Relation.Specialization sp ->
          new QualifiedName[] {sp.specificEntity(), sp.generalEntity()};
      default -> new QualifiedName[0];
    };
  }

  private static final Map<Class<?>, String[]> KINDS =
      Map.of(
          Relation.Generation.class, new String[] {"Entity", "Activity"},
          Relation.Usage.class, new String[] {"Activity", "Entity"},
          Relation.Communication.class, new String[] {"Activity", "Activity"},
          Relation.Invalidation.class, new String[] {"Entity", "Activity"},
          Relation.Derivation.class, new String[] {"Entity", "Entity"},
          Relation.Attribution.class, new String[] {"Entity", "Agent"},
          Relation.Association.class, new String[] {"Activity", "Agent"},
          Relation.Delegation.class, new String[] {"Agent", "Agent"},
          Relation.Alternate.class, new String[] {"Entity", "Entity"},
          Relation.Specialization.class, new String[] {"Entity", "Entity"});

  private static boolean keptAsWritten(QualifiedName q) {
    try {
      return NodeId.parse(q.iri(), "id").toString().equals(q.iri());
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /**
   * A relation Custody models, with both ends, each an id NodeId keeps as written and either
   * undeclared (implied) or declared with the kind the relation needs; implied kinds accumulate in
   * {@code kinds}.
   */
  private static boolean modelledWithDeclaredEnds(Relation r, Map<String, String> kinds) {
    String[] want = KINDS.get(r.getClass());
    QualifiedName[] ends = pair(r);
    if (want == null || ends.length != 2) {
      return false;
    }
    for (int i = 0; i < 2; i++) {
      QualifiedName q = ends[i];
      if (q == null || !keptAsWritten(q)) {
        return false;
      }
      String known = kinds.putIfAbsent(q.iri(), want[i]);
      if (known != null && !known.equals(want[i])) {
        return false;
      }
    }
    return true;
  }

  private static List<Path> list(String under) throws IOException {
    try (Stream<Path> files = Files.list(TestData.resolve(under))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
