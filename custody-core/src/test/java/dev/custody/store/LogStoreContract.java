package dev.custody.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InternalException;
import dev.custody.log.Tile;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.ProvRecord;
import dev.custody.model.RecordId;
import dev.custody.model.Relation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link LogStore} backend must have. A backend's test extends this class and
 * says how to open a store in a directory; the same tests then run against it unchanged.
 */
public abstract class LogStoreContract {
  @TempDir protected Path dir;
  protected LogStore store;

  /** Opens (creating if needed) the backend's store kept in {@code dir}. */
  protected abstract LogStore open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static CanonicalRecord record(int n) {
    return CanonicalRecord.of(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  protected static List<StoredRecord> records(long from, int count) {
    List<StoredRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CanonicalRecord r = record((int) from + i);
      out.add(new StoredRecord(from + i, r.id(), r.canonical(), 1_000 + i));
    }
    return out;
  }

  protected static Tile tile(int level, long index, int width, int fill) {
    byte[] h = new byte[width * 32];
    java.util.Arrays.fill(h, (byte) fill);
    return new Tile(level, index, h);
  }

  @Test
  void newStoreIsEmpty() {
    assertThat(store.size()).isZero();
    assertThat(store.latestCheckpoint()).isEmpty();
    assertThat(store.records(0, 10)).isEmpty();
    assertThat(store.read(0, 0)).isNull();
    assertThat(store.recordAt(0)).isEmpty();
  }

  @Test
  void appendedRecordsAreReadableByIndexIdAndRange() {
    List<StoredRecord> rs = records(0, 5);
    store.append(rs, List.of(tile(0, 0, 5, 7)));

    assertThat(store.size()).isEqualTo(5);
    StoredRecord third = store.recordAt(2).orElseThrow();
    assertThat(third.id()).isEqualTo(rs.get(2).id());
    assertThat(third.canonical()).isEqualTo(rs.get(2).canonical());
    assertThat(third.receivedAtMillis()).isEqualTo(1_002);
    assertThat(store.record(rs.get(4).id()).orElseThrow().index()).isEqualTo(4);
    assertThat(store.records(1, 3)).extracting(StoredRecord::index).containsExactly(1L, 2L, 3L);
    assertThat(store.recordIds(3, 10)).containsExactly(rs.get(3).id(), rs.get(4).id());
    assertThat(store.read(0, 0)).isEqualTo(tile(0, 0, 5, 7).hashes());
  }

  @Test
  void findIndexesReturnsOnlyStoredIds() {
    store.append(records(0, 3), List.of());
    RecordId absent = record(99).id();
    Map<RecordId, Long> found = store.findIndexes(List.of(record(1).id(), absent));
    assertThat(found).containsExactly(Map.entry(record(1).id(), 1L));
  }

  @Test
  void findIndexesHandlesMoreIdsThanOneQueryTakes() {
    store.append(records(0, 1200), List.of());
    List<RecordId> ids = records(0, 1200).stream().map(StoredRecord::id).toList();
    assertThat(store.findIndexes(ids)).hasSize(1200).containsEntry(ids.get(1199), 1199L);
  }

  @Test
  void appendThatDoesNotContinueTheLogIsRefusedAndWritesNothing() {
    store.append(records(0, 2), List.of());
    assertThatThrownBy(() -> store.append(records(3, 1), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.recordAt(3)).isEmpty();
  }

  @Test
  void failedAppendWritesNeitherRecordsNorTiles() {
    store.append(records(0, 2), List.of(tile(0, 0, 2, 1)));
    // Tile level 8 would cover trees beyond 2^64 leaves: the schema refuses it mid-transaction,
    // after the records were inserted.
    assertThatThrownBy(
            () -> store.append(records(2, 2), List.of(tile(0, 0, 4, 9), tile(8, 0, 1, 9))))
        .isInstanceOf(InternalException.class);

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.recordAt(2)).isEmpty();
    assertThat(store.findIndexes(List.of(record(2).id()))).isEmpty();
    assertThat(store.read(0, 0)).isEqualTo(tile(0, 0, 2, 1).hashes());
    store.append(records(2, 1), List.of());
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void anIdAlreadyStoredIsRefusedAndNothingIsWritten() {
    store.append(records(0, 2), List.of());
    CanonicalRecord dup = record(0);
    List<StoredRecord> batch =
        List.of(records(2, 1).get(0), new StoredRecord(3, dup.id(), dup.canonical(), 5));
    assertThatThrownBy(() -> store.append(batch, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already stored at index 0");
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.recordAt(2)).isEmpty();
  }

  @Test
  void anIdRepeatedInOneAppendIsRefused() {
    CanonicalRecord r = record(0);
    List<StoredRecord> batch =
        List.of(
            new StoredRecord(0, r.id(), r.canonical(), 1),
            new StoredRecord(1, r.id(), r.canonical(), 1));
    assertThatThrownBy(() -> store.append(batch, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.size()).isZero();
  }

  @Test
  void idsAreFoundAfterReopening() {
    store.append(records(0, 300), List.of());
    store.close();
    store = open(dir);
    assertThat(store.findIndexes(List.of(record(299).id(), record(7).id())))
        .containsEntry(record(299).id(), 299L)
        .containsEntry(record(7).id(), 7L);
    assertThat(store.record(record(150).id()).orElseThrow().index()).isEqualTo(150);
  }

  @Test
  void aLaterTileVersionReplacesTheEarlierOne() {
    store.append(records(0, 1), List.of(tile(0, 0, 1, 1)));
    store.append(records(1, 1), List.of(tile(0, 0, 2, 2)));
    assertThat(store.read(0, 0)).isEqualTo(tile(0, 0, 2, 2).hashes());
  }

  @Test
  void checkpointsAreKeptInSizeOrder() {
    store.addCheckpoint(new StoredCheckpoint(0, new byte[32], "a\n", 1));
    store.addCheckpoint(new StoredCheckpoint(5, new byte[32], "b\n", 2));
    store.addCheckpoint(new StoredCheckpoint(9, new byte[32], "c\n", 3));

    assertThat(store.latestCheckpoint().orElseThrow().size()).isEqualTo(9);
    assertThat(store.checkpoints(1, 10)).extracting(StoredCheckpoint::size).containsExactly(5L, 9L);
    assertThat(store.checkpoints(0, 2))
        .extracting(StoredCheckpoint::note)
        .containsExactly("a\n", "b\n");
  }

  @Test
  void aCheckpointNotLargerThanTheLatestIsRefused() {
    store.addCheckpoint(new StoredCheckpoint(5, new byte[32], "b\n", 2));
    assertThatThrownBy(() -> store.addCheckpoint(new StoredCheckpoint(5, new byte[32], "x\n", 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.addCheckpoint(new StoredCheckpoint(4, new byte[32], "x\n", 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.checkpoints(0, 10)).hasSize(1);
  }

  @Test
  void everythingSurvivesReopening() {
    store.append(records(0, 3), List.of(tile(0, 0, 3, 3)));
    store.addCheckpoint(new StoredCheckpoint(3, new byte[32], "n\n", 1));
    store.close();
    store = open(dir);

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.recordAt(2)).isPresent();
    assertThat(store.read(0, 0)).isEqualTo(tile(0, 0, 3, 3).hashes());
    assertThat(store.latestCheckpoint().orElseThrow().note()).isEqualTo("n\n");
  }

  // ---- the provenance graph -----------------------------------------------------------------

  protected static final NodeId CI = NodeId.parse("https://ci.example/", "id");
  protected static final NodeId COMMIT =
      NodeId.parse("git+https://github.com/o/r@" + "c".repeat(40), "id");
  protected static final NodeId BUILD = NodeId.parse("https://ci.example/runs/1", "id");
  protected static final NodeId IMAGE =
      NodeId.parse("ghcr.io/o/app@sha256:" + "d".repeat(64), "id");
  protected static final NodeId DIGEST = NodeId.parse("sha256:" + "d".repeat(64), "id");

  protected static Node node(NodeId id, Kind kind, String type, Map<String, String> attributes) {
    return new Node(id, kind, type, null, attributes, null, null);
  }

  /** Record 0 states that BUILD used COMMIT and generated IMAGE; record 1 is opaque. */
  protected void appendBuild() {
    ProvRecord prov =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-25T12:00:00Z"),
            List.of(
                node(CI, Kind.AGENT, null, Map.of()),
                node(COMMIT, Kind.ENTITY, "git-commit", Map.of("branch", "\"main\"")),
                node(BUILD, Kind.ACTIVITY, "build", Map.of()),
                node(IMAGE, Kind.ENTITY, "container-image", Map.of())),
            List.of(
                new Edge(BUILD, Relation.USED, COMMIT, null, Map.of()),
                new Edge(IMAGE, Relation.WAS_GENERATED_BY, BUILD, null, Map.of())));
    store.append(records(0, 2), List.of(), List.of(GraphRecord.project(0, 1_000, prov)));
  }

  @Test
  void appendedProvenanceIsReadableAsNodesEdgesAttributesAndMentions() {
    appendBuild();
    GraphNode commit = store.nodes(List.of(COMMIT, BUILD)).get(COMMIT);
    assertThat(commit.kind()).isEqualTo(Kind.ENTITY);
    assertThat(commit.type()).isEqualTo("git-commit");
    assertThat(commit.firstIndex()).isZero();
    assertThat(store.edgesFrom(List.of(BUILD), Set.of(), 2))
        .containsExactly(new GraphEdge(BUILD, Relation.USED, COMMIT, 0, null));
    assertThat(store.edgesTo(List.of(BUILD), Set.of(), 2))
        .extracting(GraphEdge::subject)
        .containsExactly(IMAGE);
    assertThat(store.attributes(COMMIT))
        .containsExactly(new NodeAttribute("branch", "\"main\"", 0));
    Mention m = store.mentions(COMMIT, 10).get(0);
    assertThat(m.logIndex()).isZero();
    assertThat(m.producer()).isEqualTo(CI);
    assertThat(m.receivedAtMillis()).isEqualTo(1_000);
  }

  @Test
  void anImageIdIsLinkedToItsBareDigest() {
    appendBuild();
    assertThat(store.nodes(List.of(DIGEST)).get(DIGEST).kind()).isEqualTo(Kind.ENTITY);
    assertThat(store.edgesTo(List.of(DIGEST), Set.of(Relation.ALTERNATE_OF), 2))
        .containsExactly(new GraphEdge(IMAGE, Relation.ALTERNATE_OF, DIGEST, 0, null));
  }

  @Test
  void edgeReadsFilterByRelationAndLogSize() {
    appendBuild();
    assertThat(store.edgesFrom(List.of(BUILD, IMAGE), Set.of(Relation.WAS_GENERATED_BY), 2))
        .extracting(GraphEdge::relation)
        .containsExactly(Relation.WAS_GENERATED_BY);
    assertThat(store.edgesFrom(List.of(BUILD, IMAGE), Set.of(), 0)).isEmpty();
  }

  @Test
  void searchFindsNodesByIdPrefixOrNameInIdOrder() {
    appendBuild();
    assertThat(store.searchNodes("https://ci.example/", null, 10))
        .extracting(GraphNode::id)
        .containsExactly(CI, BUILD);
    assertThat(store.searchNodes("https://ci.example/", "build", 10))
        .extracting(GraphNode::id)
        .containsExactly(BUILD);
    assertThat(store.searchNodes("https://ci.example/", null, 1)).hasSize(1);
    assertThat(store.searchNodes("ci.example", null, 10)).isEmpty();
  }

  @Test
  void idPrefixReadFindsNodesByIdOnlyInIdOrderBelowTheLogSize() {
    appendBuild();
    assertThat(store.nodesWithIdPrefix("https://ci.example/", 2, 10))
        .extracting(GraphNode::id)
        .containsExactly(CI, BUILD);
    assertThat(store.nodesWithIdPrefix("https://ci.example/", 2, 1)).hasSize(1);
    assertThat(store.nodesWithIdPrefix("https://ci.example/", 0, 10)).isEmpty();
    assertThat(store.nodesWithIdPrefix("ci.example", 2, 10)).isEmpty();
    assertThat(store.nodesWithIdPrefix("%", 2, 10)).isEmpty();
  }

  @Test
  void searchMatchesPartOfANameWithoutCase() {
    appendBuild();
    ProvRecord named =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-25T12:00:00Z"),
            List.of(new Node(BUILD, Kind.ACTIVITY, "build", "Nightly Build", Map.of(), null, null)),
            List.of());
    store.append(records(2, 1), List.of(), List.of(GraphRecord.project(2, 1, named)));
    assertThat(store.searchNodes("nightly", null, 10))
        .extracting(GraphNode::id)
        .containsExactly(BUILD);
    assertThat(store.searchNodes("%", null, 10)).isEmpty();
  }

  @Test
  void anUnknownNodeIsAbsent() {
    appendBuild();
    assertThat(store.nodes(List.of(NodeId.parse("https://nowhere.example/", "id")))).isEmpty();
    assertThat(store.mentions(NodeId.parse("https://nowhere.example/", "id"), 10)).isEmpty();
  }

  /** A record stating COMMIT (an entity in {@link #appendBuild}) as an activity. */
  private static ProvRecord commitAsActivity() {
    return new ProvRecord(
        CI,
        Instant.parse("2026-11-25T12:00:00Z"),
        List.of(node(CI, Kind.AGENT, null, Map.of()), node(COMMIT, Kind.ACTIVITY, "x", Map.of())),
        List.of());
  }

  @Test
  void aNodeThatWouldChangeKindIsRefusedAndNothingIsWritten() {
    appendBuild();
    ProvRecord flip = commitAsActivity();
    assertThatThrownBy(
            () -> store.append(records(2, 1), List.of(), List.of(GraphRecord.project(2, 1, flip))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.nodes(List.of(COMMIT)).get(COMMIT).type()).isEqualTo("git-commit");
    assertThat(store.mentions(COMMIT, 10)).hasSize(1);
  }

  @Test
  void theClaimedSpanOfANodeIsItsEarliestAndLatestMentionWhateverTheirOrder() {
    Instant late = Instant.parse("2026-11-25T12:30:00Z");
    Instant early = Instant.parse("2026-11-25T11:00:00Z");
    Instant middle = Instant.parse("2026-11-25T11:45:00Z");
    List<GraphRecord> graph = new ArrayList<>();
    long index = 0;
    for (Instant t : List.of(late, early, middle)) {
      graph.add(
          GraphRecord.project(
              index++,
              1_000,
              new ProvRecord(
                  CI,
                  t,
                  List.of(
                      node(CI, Kind.AGENT, null, Map.of()),
                      node(COMMIT, Kind.ENTITY, null, Map.of())),
                  List.of())));
    }
    store.append(records(0, 3), List.of(), graph);
    assertThat(store.claimedSpan(COMMIT)).contains(new ClaimedSpan(early, late));
    assertThat(store.claimedSpan(BUILD)).isEmpty();
  }

  @Test
  void aPayloadIsStoredWithItsRecordAndOnceWhateverNamesItAgain() {
    Payload p = Payload.of("application/json", "{\"big\":true}".getBytes(StandardCharsets.UTF_8));
    store.append(records(0, 2), List.of(), List.of(), List.of(new StoredPayload(1, p)));
    Payload read = store.payload(p.digest()).orElseThrow();
    assertThat(read.body()).isEqualTo(p.body());
    assertThat(read.mediaType()).isEqualTo("application/json");
    assertThat(store.payload(Payload.digestOf(new byte[] {1}))).isEmpty();

    Payload same = new Payload(p.digest(), "text/plain", p.body());
    store.append(records(2, 1), List.of(), List.of(), List.of(new StoredPayload(2, same)));
    assertThat(store.payload(p.digest()).orElseThrow().mediaType())
        .as("the first stored payload is kept")
        .isEqualTo("application/json");
  }

  @Test
  void aRefusedAppendWritesNoPayload() {
    appendBuild();
    ProvRecord flip = commitAsActivity();
    Payload p = Payload.of("application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() ->
            store.append(
                records(2, 1),
                List.of(),
                List.of(GraphRecord.project(2, 1, flip)),
                List.of(new StoredPayload(2, p))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.payload(p.digest())).isEmpty();
  }

  @Test
  void typeAndAttributesCanChangeAndKeepTheirLogIndex() {
    appendBuild();
    ProvRecord later =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-26T12:00:00Z"),
            List.of(
                node(CI, Kind.AGENT, null, Map.of()),
                node(COMMIT, Kind.ENTITY, "commit", Map.of("branch", "\"release\""))),
            List.of());
    store.append(records(2, 1), List.of(), List.of(GraphRecord.project(2, 1, later)));
    assertThat(store.nodes(List.of(COMMIT)).get(COMMIT).type()).isEqualTo("commit");
    assertThat(store.attributes(COMMIT))
        .extracting(NodeAttribute::logIndex)
        .containsExactly(0L, 2L);
    assertThat(store.mentions(COMMIT, 10)).extracting(Mention::logIndex).containsExactly(0L, 2L);
  }

  @Test
  void typeAndNameAsOfALogSizeAreTheLatestStatedBelowIt() {
    appendBuild();
    ProvRecord renamed =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-26T12:00:00Z"),
            List.of(new Node(COMMIT, Kind.ENTITY, null, "v1.0", Map.of(), null, null)),
            List.of());
    ProvRecord retyped =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-27T12:00:00Z"),
            List.of(node(COMMIT, Kind.ENTITY, "commit", Map.of())),
            List.of());
    store.append(records(2, 1), List.of(), List.of(GraphRecord.project(2, 1, renamed)));
    store.append(records(3, 1), List.of(), List.of(GraphRecord.project(3, 1, retyped)));

    assertThat(store.nodesAsOf(List.of(COMMIT), 1).get(COMMIT))
        .isEqualTo(new GraphNode(COMMIT, Kind.ENTITY, "git-commit", null, 0));
    assertThat(store.nodesAsOf(List.of(COMMIT), 3).get(COMMIT))
        .isEqualTo(new GraphNode(COMMIT, Kind.ENTITY, "git-commit", "v1.0", 0));
    assertThat(store.nodesAsOf(List.of(COMMIT), 4).get(COMMIT))
        .isEqualTo(new GraphNode(COMMIT, Kind.ENTITY, "commit", "v1.0", 0));
    assertThat(store.nodesAsOf(List.of(COMMIT), 0)).as("not yet stated").isEmpty();
    assertThat(store.namings(COMMIT))
        .containsExactly(
            new NodeNaming("git-commit", null, 0),
            new NodeNaming(null, "v1.0", 2),
            new NodeNaming("commit", null, 3));
  }

  @Test
  void edgeAttributesAreStoredWithTheEdgeThatStatedThem() {
    ProvRecord prov =
        new ProvRecord(
            CI,
            Instant.parse("2026-11-25T12:00:00Z"),
            List.of(
                node(CI, Kind.AGENT, null, Map.of()),
                node(COMMIT, Kind.ENTITY, "git-commit", Map.of()),
                node(BUILD, Kind.ACTIVITY, "build", Map.of())),
            List.of(
                new Edge(
                    BUILD,
                    Relation.USED,
                    COMMIT,
                    null,
                    Map.of("role", "\"source\"", "prov:type", "{\"$\":\"x\",\"type\":\"y\"}")),
                new Edge(BUILD, Relation.WAS_ASSOCIATED_WITH, CI, null, Map.of())));
    store.append(records(0, 1), List.of(), List.of(GraphRecord.project(0, 1, prov)));
    List<GraphEdge> edges = store.edgesFrom(List.of(BUILD), Set.of(), 1);

    Map<GraphEdge, Map<String, String>> attrs = store.edgeAttributes(edges);

    assertThat(attrs)
        .containsOnlyKeys(new GraphEdge(BUILD, Relation.USED, COMMIT, 0, null))
        .containsValue(Map.of("role", "\"source\"", "prov:type", "{\"$\":\"x\",\"type\":\"y\"}"));
  }

  @Test
  void claimedTimesAndNamedAttributesAreReadInBatches() {
    appendBuild();
    assertThat(store.claimedTimes(List.of(0L, 1L)))
        .as("record 1 is opaque")
        .containsExactly(Map.entry(0L, Instant.parse("2026-11-25T12:00:00Z")));
    assertThat(store.attributes(List.of(COMMIT, BUILD), Set.of("branch"), 1))
        .containsExactly(Map.entry(COMMIT, List.of(new NodeAttribute("branch", "\"main\"", 0))));
    assertThat(store.attributes(List.of(COMMIT), Set.of("branch"), 0)).isEmpty();
  }

  @Test
  void theGraphSurvivesReopening() {
    appendBuild();
    store.close();
    store = open(dir);
    assertThat(store.edgesFrom(List.of(IMAGE), Set.of(), 2)).hasSize(2);
  }

  @Test
  void graphSizeCountsNodesAndEdgesAsTheyAreAdded() {
    assertThat(store.graphSize()).isEqualTo(new GraphSize(0, 0));
    appendBuild();
    // CI, COMMIT, BUILD, IMAGE and the implied DIGEST; used, wasGeneratedBy, alternateOf.
    assertThat(store.graphSize()).isEqualTo(new GraphSize(5, 3));
    store.close();
    store = open(dir);
    assertThat(store.graphSize()).isEqualTo(new GraphSize(5, 3));
  }

  @Test
  void rebuildGraphReplacesEveryRowByTheProjection() {
    appendBuild();
    List<Long> seen = new java.util.ArrayList<>();
    long stating = store.rebuildGraph(r -> java.util.Optional.empty(), seen::add);
    assertThat(stating).isZero();
    assertThat(seen).last().isEqualTo(2L);
    assertThat(store.nodes(List.of(COMMIT))).isEmpty();
    assertThat(store.graphSize()).isEqualTo(new GraphSize(0, 0));
  }

  @Test
  void aFailingRebuildKeepsTheOldGraph() {
    appendBuild();
    assertThatThrownBy(() ->
            store.rebuildGraph(
                r -> {
                  throw new IllegalStateException("projection failed");
                },
                n -> {}))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.edgesFrom(List.of(IMAGE), Set.of(), 2)).hasSize(2);
  }

  // ---- whole-graph checks: missing links and reaching sources ---------------------------------

  protected static final NodeId PACKAGE = NodeId.parse("pkg:maven/o/lib@1.0", "id");
  protected static final NodeId DEPLOY = NodeId.parse("https://k8s.example/deploy/1", "id");
  protected static final NodeId OTHER_DIGEST = NodeId.parse("sha256:" + "e".repeat(64), "id");
  protected static final NodeId DEPLOY_2 = NodeId.parse("https://k8s.example/deploy/2", "id");

  private static final LinkCheck NO_GENERATION =
      new LinkCheck(
          Kind.ENTITY,
          Set.of("package", "container-image"),
          Relation.WAS_GENERATED_BY,
          null,
          Set.of());

  /** Appends one record at {@code index} stating {@code nodes} and {@code edges}. */
  protected void appendProv(long index, List<Node> nodes, List<Edge> edges) {
    List<Node> all = new ArrayList<>(nodes);
    all.add(node(CI, Kind.AGENT, null, Map.of()));
    ProvRecord prov = new ProvRecord(CI, Instant.parse("2026-11-25T12:00:00Z"), all, edges);
    store.append(records(index, 1), List.of(), List.of(GraphRecord.project(index, 1_000, prov)));
  }

  @Test
  void checkLinksFindsAProducedNodeWithoutGenerationAndNamesItsFirstRecord() {
    appendBuild();
    appendProv(2, List.of(node(PACKAGE, Kind.ENTITY, "package", Map.of())), List.of());
    LinkCheckResult r = store.checkLinks(NO_GENERATION, 3, 10);
    assertThat(r.checked()).isEqualTo(2); // IMAGE and PACKAGE; the untyped DIGEST is not checked
    assertThat(r.missing()).isEqualTo(1);
    assertThat(r.first()).containsExactly(new MissingLink(PACKAGE, "package", 2, null));
  }

  @Test
  void checkLinksCountsAGenerationStatedOfAnAlias() {
    appendBuild();
    // The bare digest, typed by a later record, has no generation itself; its alias IMAGE has.
    appendProv(2, List.of(node(DIGEST, Kind.ENTITY, "container-image", Map.of())), List.of());
    LinkCheckResult r = store.checkLinks(NO_GENERATION, 3, 10);
    assertThat(r.checked()).isEqualTo(2);
    assertThat(r.missing()).isZero();
    assertThat(r.first()).isEmpty();
  }

  @Test
  void checkLinksAsOfALogSizeIgnoresLaterNodesAndEdges() {
    appendBuild();
    appendProv(2, List.of(node(PACKAGE, Kind.ENTITY, "package", Map.of())), List.of());
    appendProv(
        3,
        List.of(
            node(PACKAGE, Kind.ENTITY, "package", Map.of()),
            node(BUILD, Kind.ACTIVITY, "build", Map.of())),
        List.of(new Edge(PACKAGE, Relation.WAS_GENERATED_BY, BUILD, null, Map.of())));
    assertThat(store.checkLinks(NO_GENERATION, 4, 10).missing()).isZero();
    assertThat(store.checkLinks(NO_GENERATION, 3, 10).first())
        .extracting(MissingLink::node)
        .containsExactly(PACKAGE);
    LinkCheckResult before = store.checkLinks(NO_GENERATION, 2, 10);
    assertThat(before.checked()).isEqualTo(1);
    assertThat(before.missing()).isZero();
  }

  @Test
  void checkLinksOfAnyTypeCountsEveryNodeOfTheKindAndListsUpToTheLimit() {
    appendBuild();
    appendProv(
        2,
        List.of(
            node(DEPLOY, Kind.ACTIVITY, "deployment", Map.of()),
            node(DEPLOY_2, Kind.ACTIVITY, "some-new-type", Map.of())),
        List.of(new Edge(DEPLOY_2, Relation.WAS_ASSOCIATED_WITH, CI, null, Map.of())));
    LinkCheck noAgent =
        new LinkCheck(Kind.ACTIVITY, Set.of(), Relation.WAS_ASSOCIATED_WITH, null, Set.of());
    LinkCheckResult r = store.checkLinks(noAgent, 3, 1);
    assertThat(r.checked()).isEqualTo(3); // BUILD, DEPLOY, DEPLOY_2
    assertThat(r.missing()).isEqualTo(2); // BUILD, DEPLOY
    assertThat(r.first()).extracting(MissingLink::node).containsExactly(BUILD);
  }

  @Test
  void checkLinksThroughAUsedImageNamesTheImageWithoutGeneration() {
    appendBuild();
    appendProv(
        2,
        List.of(
            node(DEPLOY, Kind.ACTIVITY, "deployment", Map.of()),
            node(DIGEST, Kind.ENTITY, null, Map.of()),
            node(DEPLOY_2, Kind.ACTIVITY, "deployment", Map.of()),
            node(OTHER_DIGEST, Kind.ENTITY, "container-image", Map.of()),
            node(COMMIT, Kind.ENTITY, "git-commit", Map.of())),
        List.of(
            // DIGEST is untyped, but its alias IMAGE is an image, and IMAGE was built
            new Edge(DEPLOY, Relation.USED, DIGEST, null, Map.of()),
            new Edge(DEPLOY_2, Relation.USED, OTHER_DIGEST, null, Map.of()),
            new Edge(DEPLOY_2, Relation.USED, COMMIT, null, Map.of())));
    LinkCheck withoutBuild =
        new LinkCheck(
            Kind.ACTIVITY,
            Set.of("deployment"),
            Relation.WAS_GENERATED_BY,
            Relation.USED,
            Set.of("container-image"));
    LinkCheckResult r = store.checkLinks(withoutBuild, 3, 10);
    assertThat(r.checked()).isEqualTo(2);
    assertThat(r.missing()).isEqualTo(1);
    assertThat(r.first()).containsExactly(new MissingLink(DEPLOY_2, "deployment", 2, OTHER_DIGEST));
    assertThat(store.checkLinks(withoutBuild, 2, 10).checked()).isZero();
  }

  @Test
  void checksAsOfAnEarlierLogSizeJudgeNodesByTheTypeTheyHadThen() {
    appendBuild();
    appendProv(2, List.of(node(PACKAGE, Kind.ENTITY, "package", Map.of())), List.of());
    // Restated as a type no rule concerns: no longer a produced thing, today.
    appendProv(3, List.of(node(PACKAGE, Kind.ENTITY, "config", Map.of())), List.of());
    assertThat(store.checkLinks(NO_GENERATION, 4, 10).first()).isEmpty();
    assertThat(store.checkLinks(NO_GENERATION, 3, 10).first())
        .containsExactly(new MissingLink(PACKAGE, "package", 2, null));
    Sources commits = new Sources(Set.of(), List.of("git+"));
    Set<Relation> upstream = Set.of(Relation.WAS_GENERATED_BY, Relation.USED);
    assertThat(store.reachingSources(Set.of("package"), commits, upstream, 4)).isEmpty();
    assertThat(store.reachingSources(Set.of("package"), commits, upstream, 3))
        .containsExactly(Map.entry("package", new SourceReach(1, 0)));
  }

  @Test
  void reachingSourcesWalksUpstreamThroughAliasesToACommit() {
    appendBuild();
    appendProv(
        2,
        List.of(
            node(DEPLOY, Kind.ACTIVITY, "deployment", Map.of()),
            node(DIGEST, Kind.ENTITY, null, Map.of()),
            node(PACKAGE, Kind.ENTITY, "package", Map.of())),
        List.of(new Edge(DEPLOY, Relation.USED, DIGEST, null, Map.of())));
    Set<Relation> upstream = Set.of(Relation.WAS_GENERATED_BY, Relation.USED);
    Sources commits = new Sources(Set.of(), List.of("git+"));
    Map<String, SourceReach> r =
        store.reachingSources(
            Set.of("container-image", "deployment", "package", "nothing"), commits, upstream, 3);
    assertThat(r)
        .containsOnly(
            Map.entry("container-image", new SourceReach(1, 1)),
            Map.entry("deployment", new SourceReach(1, 1)),
            Map.entry("package", new SourceReach(1, 0)));
    // As of log size 2 the deployment is not yet named; without 'used' the build reaches nothing.
    assertThat(store.reachingSources(Set.of("deployment"), commits, upstream, 2)).isEmpty();
    assertThat(
            store.reachingSources(
                Set.of("container-image"), commits, Set.of(Relation.WAS_GENERATED_BY), 3))
        .containsExactly(Map.entry("container-image", new SourceReach(1, 0)));
    assertThat(
            store.reachingSources(
                Set.of("container-image"),
                new Sources(Set.of("git-commit"), List.of()),
                upstream,
                3))
        .containsExactly(Map.entry("container-image", new SourceReach(1, 1)));
  }
}
