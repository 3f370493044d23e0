package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static dev.custody.api.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.ingest.RecordLimits;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.model.RecordId;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/records} over real HTTP against a real server on SQLite. */
class RecordsApiTest {
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

  private static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  @Test
  void aNewRecordIsCreatedWithItsCanonicalIdIndexAndLeafHash() {
    HttpResponse<byte[]> r = s.postJson("/v1/records", "{\"b\": 1, \"a\": \"x\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode rec = json(r).get("records").get(0);
    RecordId id =
        dev.custody.model.CanonicalRecord.of(
                "{\"a\":\"x\",\"b\":1}".getBytes(StandardCharsets.UTF_8))
            .id();
    assertThat(rec.get("id").asText()).isEqualTo(id.toString());
    assertThat(rec.get("index").asLong()).isZero();
    assertThat(b64(rec.get("leafHash"))).isEqualTo(LogEntry.leafHash(id));
    assertThat(rec.get("created").asBoolean()).isTrue();
  }

  @Test
  void postingTheSameRecordAgainIsIdempotent() {
    s.postJson("/v1/records", "[{\"n\":1},{\"n\":2}]");
    HttpResponse<byte[]> again = s.postJson("/v1/records", "{\"n\":2}");
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode rec = json(again).get("records").get(0);
    assertThat(rec.get("index").asLong()).isEqualTo(1);
    assertThat(rec.get("created").asBoolean()).isFalse();
    assertThat(json(again).get("logSize").asLong()).isEqualTo(2);
  }

  @Test
  void aBatchWithOneNewRecordIs201AndRepeatsInsideItShareAnIndex() {
    s.postJson("/v1/records", "{\"n\":1}");
    HttpResponse<byte[]> r = s.postJson("/v1/records", "[{\"n\":1},{\"n\":3},{\"n\":3}]");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode recs = json(r).get("records");
    assertThat(recs.get(0).get("index").asLong()).isZero();
    assertThat(recs.get(1).get("index").asLong()).isEqualTo(1);
    assertThat(recs.get(2).get("index").asLong()).isEqualTo(1);
    assertThat(recs.get(2).get("created").asBoolean()).isFalse();
  }

  @Test
  void ndjsonBodiesAreAccepted() {
    HttpResponse<byte[]> r =
        s.post(
            "/v1/records",
            "application/x-ndjson",
            "{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).get("records")).hasSize(2);
  }

  @Test
  void aBatchWithOneBadRecordWritesNothing() {
    HttpResponse<byte[]> r = s.postJson("/v1/records", "[{\"n\":1},{\"n\":2},\"oops\"]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("pointer").asText()).isEqualTo("/2");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void theRecordComesBackWithAnInclusionProofThatVerifiesAgainstTheSignedCheckpoint() {
    s.postJson("/v1/records", "[{\"n\":1},{\"n\":2},{\"n\":3}]");
    JsonNode posted = json(s.postJson("/v1/records?wait=checkpoint", "{\"n\":4}"));
    String id = posted.get("records").get(0).get("id").asText();
    assertThat(posted.get("checkpoint").get("size").asLong()).isGreaterThanOrEqualTo(4);

    JsonNode got = json(s.get("/v1/records/" + id));
    assertThat(got.get("record").toString()).isEqualTo("{\"n\":4}");
    JsonNode proof = got.get("inclusionProof");
    Checkpoint cp =
        SignedCheckpoint.open(proof.get("checkpoint").asText(), List.of(s.key.verifier()));
    List<byte[]> hashes = new ArrayList<>();
    proof.get("hashes").forEach(h -> hashes.add(b64(h)));
    ProofVerifier.verifyInclusion(
        LogEntry.leafHash(RecordId.parse(id, "id")), 3, cp.size(), hashes, cp.rootHash());
  }

  @Test
  void aRecordCanBeReadByIndex() {
    s.postJson("/v1/records", "[{\"n\":1},{\"n\":2}]");
    JsonNode got = json(s.get("/v1/records?index=1&wait=checkpoint"));
    assertThat(got.get("index").asLong()).isEqualTo(1);
    assertThat(got.get("record").get("n").asInt()).isEqualTo(2);
    assertThat(got.get("inclusionProof").isObject()).isTrue();
  }

  @Test
  void aRangeComesBackAsTheExactCanonicalBytes() {
    s.postJson("/v1/records", "[{\"b\":1,\"a\":2},{\"n\":2},{\"n\":3}]");
    HttpResponse<byte[]> r = s.get("/v1/records?from=0&limit=2");
    assertThat(r.headers().firstValue("Custody-First-Index")).hasValue("0");
    assertThat(text(r)).isEqualTo("{\"a\":2,\"b\":1}\n{\"n\":2}\n");
  }

  @Test
  void unknownIdsAndIndexesAre404AndMalformedIds400() {
    s.postJson("/v1/records", "{\"n\":1}");
    HttpResponse<byte[]> unknown = s.get("/v1/records/sha256:" + "0".repeat(64));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("field").asText()).isEqualTo("id");
    assertThat(s.get("/v1/records?index=7").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> bad = s.get("/v1/records/sha256:ABC");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("field").asText()).isEqualTo("id");
    HttpResponse<byte[]> neg = s.get("/v1/records?index=-1");
    assertThat(neg.statusCode()).isEqualTo(400);
    assertThat(json(neg).get("field").asText()).isEqualTo("index");
  }

  @Test
  void aWrongContentTypeIs415AndWritesNothing() {
    HttpResponse<byte[]> r =
        s.post("/v1/records", "text/plain", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("field").asText()).isEqualTo("Content-Type");
    HttpResponse<byte[]> none = s.post("/v1/records", null, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void malformedJsonIs400NamingWhere() {
    HttpResponse<byte[]> r = s.postJson("/v1/records", "{\"n\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("detail").asText()).contains("malformed JSON");
    assertThat(json(r).has("pointer")).isTrue();
  }

  @Test
  void aWaitValueOtherThanCheckpointIs400() {
    HttpResponse<byte[]> r = s.postJson("/v1/records?wait=forever", "{\"n\":1}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("wait");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void aCheckpointCoversAnAcknowledgedRecordWithinOneSecondWithoutAsking() throws Exception {
    s.close();
    s = new TestServer(dir, RecordLimits.DEFAULTS, Duration.ofMillis(500));
    long size = json(s.postJson("/v1/records", "{\"n\":1}")).get("logSize").asLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    long covered = 0;
    while (System.nanoTime() < deadline && covered < size) {
      covered = Checkpoint.parse(noteText(text(s.get("/checkpoint")))).size();
      Thread.sleep(20);
    }
    assertThat(covered).isGreaterThanOrEqualTo(size);
  }

  static String noteText(String signedNote) {
    return signedNote.substring(0, signedNote.indexOf("\n\n") + 1);
  }
}
