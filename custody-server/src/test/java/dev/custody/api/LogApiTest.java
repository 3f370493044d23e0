package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static dev.custody.api.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.log.HashReader;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.Proofs;
import dev.custody.log.Rfc6962;
import dev.custody.log.TileMath;
import dev.custody.log.TilePath;
import dev.custody.log.TiledHashReader;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.NoteVerifiers;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.model.RecordId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The log's read API over real HTTP: tlog-tiles, checkpoint, key and proofs. One log of 700 records
 * (two full level-0 tiles and a partial one) serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogApiTest {
  static final int N = 700;
  TestServer s;
  Checkpoint cp;
  final List<String> ids = new ArrayList<>();

  @BeforeAll
  void fill(@TempDir Path dir) {
    s = new TestServer(dir);
    for (int batch = 0; batch < 7; batch++) {
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < 100; i++) {
        body.append(i == 0 ? "" : ",").append("{\"n\":").append(batch * 100 + i).append('}');
      }
      String q = batch == 6 ? "?wait=checkpoint" : "";
      json(s.postJson("/v1/records" + q, body.append(']').toString()))
          .get("records")
          .forEach(r -> ids.add(r.get("id").asText()));
    }
    cp = SignedCheckpoint.open(text(s.get("/checkpoint")), List.of(s.key.verifier()));
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  private static List<byte[]> hashes(JsonNode arr) {
    List<byte[]> out = new ArrayList<>();
    arr.forEach(h -> out.add(b64(h)));
    return out;
  }

  @Test
  void theCheckpointIsASignedNoteVerifiableWithThePublishedKey() {
    String vkey = text(s.get("/v1/log/key")).trim();
    assertThat(vkey).isEqualTo(s.key.verifierKey());
    Checkpoint c =
        SignedCheckpoint.open(text(s.get("/checkpoint")), List.of(NoteVerifiers.parse(vkey)));
    assertThat(c.origin()).isEqualTo("test.custody.dev/log");
    assertThat(c.size()).isEqualTo(N);
  }

  @Test
  void aClientThatKnowsOnlyTilesRebuildsTheCheckpointRoot() {
    HashReader fromHttp =
        new TiledHashReader((level, index) -> {
          int w = TileMath.width(cp.size(), level, index);
          if (w == 0) {
            return null;
          }
          HttpResponse<byte[]> r = s.get("/" + TilePath.tilePath(level, index, w));
          assertThat(r.statusCode()).isEqualTo(200);
          return r.body();
        });
    assertThat(Proofs.rootHash(fromHttp, cp.size())).isEqualTo(cp.rootHash());
  }

  @Test
  void entryBundlesHoldLengthPrefixedEntriesCommittingToTheRecords() {
    byte[] bundle = s.get("/tile/entries/001").body();
    assertThat(bundle).hasSize(256 * (2 + LogEntry.SIZE));
    assertThat(bundle[0]).isZero();
    assertThat(bundle[1]).isEqualTo((byte) LogEntry.SIZE);
    byte[] entry = Arrays.copyOfRange(bundle, 2, 2 + LogEntry.SIZE);
    assertThat(LogEntry.recordId(entry).toString()).isEqualTo(ids.get(256));
    byte[] partial = s.get("/tile/entries/002.p/188").body();
    assertThat(partial).hasSize(188 * (2 + LogEntry.SIZE));
  }

  @Test
  void fullTilesAreImmutableAndPartialTilesAreNot() {
    HttpResponse<byte[]> full = s.get("/tile/0/000");
    assertThat(full.body()).hasSize(256 * 32);
    assertThat(full.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    HttpResponse<byte[]> partial = s.get("/tile/0/002.p/188");
    assertThat(partial.body()).hasSize(188 * 32);
    assertThat(partial.headers().firstValue("Cache-Control").orElse(""))
        .doesNotContain("immutable");
  }

  @Test
  void aPartialTileIsAPrefixOfTheLongerOne() {
    byte[] p5 = s.get("/tile/0/002.p/5").body();
    byte[] p188 = s.get("/tile/0/002.p/188").body();
    assertThat(Arrays.copyOf(p188, p5.length)).isEqualTo(p5);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/tile/0/003, 404",
    "/tile/0/002, 404",
    "/tile/0/002.p/189, 404",
    "/tile/1/000.p/3, 404",
    "/tile/1/000.p/2, 200",
    "/tile/0/2, 400",
    "/tile/0/002.p/0, 400",
    "/tile/0/002.p/256, 400",
    "/tile/0/x000/002, 400",
    "/tile/x/000, 400",
    "/tile/entries/003, 404",
    "/tile/99/000, 400",
  })
  void tilePathsOutsideTheTreeOrMalformedAreRefused(String path, int status) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).isEqualTo(status);
    if (status != 200) {
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(json(r).get("field").asText()).isEqualTo("path");
    }
  }

  @Test
  void inclusionProofsVerifyAgainstTheCheckpoint() {
    for (int index : new int[] {0, 255, 256, 511, 699}) {
      JsonNode p = json(s.get("/v1/log/proof/inclusion?index=" + index + "&size=" + N));
      byte[] leaf = LogEntry.leafHash(RecordId.parse(ids.get(index), "id"));
      ProofVerifier.verifyInclusion(leaf, index, N, hashes(p.get("hashes")), cp.rootHash());
      assertThat(b64(p.get("rootHash"))).isEqualTo(cp.rootHash());
    }
  }

  @Test
  void consistencyProofsVerifyBetweenAnyTwoSizes() {
    for (int from : new int[] {1, 100, 256, 513, 699, 700}) {
      JsonNode p = json(s.get("/v1/log/proof/consistency?from=" + from + "&to=" + N));
      ProofVerifier.verifyConsistency(
          from, N, hashes(p.get("hashes")), b64(p.get("fromRootHash")), cp.rootHash());
    }
  }

  @Test
  void everyStoredCheckpointIsConsistentWithItsPredecessor() {
    JsonNode list = json(s.get("/v1/log/checkpoints?from=0&limit=1000")).get("checkpoints");
    assertThat(list.size()).isGreaterThanOrEqualTo(2);
    for (int i = 1; i < list.size(); i++) {
      long a = list.get(i - 1).get("size").asLong();
      long b = list.get(i).get("size").asLong();
      if (a == 0) {
        assertThat(b64(list.get(i - 1).get("rootHash"))).isEqualTo(Rfc6962.emptyRoot());
        continue;
      }
      JsonNode p = json(s.get("/v1/log/proof/consistency?from=" + a + "&to=" + b));
      ProofVerifier.verifyConsistency(
          a,
          b,
          hashes(p.get("hashes")),
          b64(list.get(i - 1).get("rootHash")),
          b64(list.get(i).get("rootHash")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/v1/log/proof/inclusion?index=700&size=700, index",
    "/v1/log/proof/inclusion?index=0&size=701, size",
    "/v1/log/proof/inclusion?index=-1&size=5, index",
    "/v1/log/proof/inclusion?size=5, index",
    "/v1/log/proof/inclusion?index=abc, index",
    "/v1/log/proof/inclusion?index=1&size=99999999999999999999, size",
    "/v1/log/proof/consistency?from=5&to=4, from",
    "/v1/log/proof/consistency?from=1&to=701, to",
    "/v1/log/proof/consistency?to=5, from",
    "/v1/log/checkpoints?limit=0, limit",
  })
  void badProofParametersAre400NamingTheParameter(String path, String field) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("field").asText()).isEqualTo(field);
    assertThat(json(r).get("status").asInt()).isEqualTo(400);
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    HttpResponse<byte[]> r = s.get("/v1/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<byte[]> m = s.post("/checkpoint", "application/json", new byte[0]);
    assertThat(m.statusCode()).isEqualTo(405);
    assertThat(m.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
