package dev.custody.api;

import static dev.custody.api.IncidentScenario.COMMIT;
import static dev.custody.api.IncidentScenario.IMAGE;
import static dev.custody.api.IncidentScenario.POD;
import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.VerificationException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.RootMismatchException;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.Note;
import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.NoteVerifiers;
import dev.custody.log.note.VerifiedNote;
import dev.custody.model.Edge;
import dev.custody.model.ProvRecord;
import dev.custody.model.RecordId;
import dev.custody.store.GraphRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proofs=true} checked the way a skeptical client would: it trusts only the log's verifier
 * key, fetches every asserting record by index, recomputes its leaf from the record's bytes, checks
 * the inclusion proof against the answer's root, the root against the signed checkpoint (directly
 * or by a consistency proof), and that the record really states the edge.
 */
class ProofsApiTest {
  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
    IncidentScenario.post(s);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void everyEdgeOfALineageIsProvenAgainstTheSignedCheckpoint() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(POD) + "&direction=both&proofs=true");

    SkepticalClient client = new SkepticalClient();
    client.check(answer);

    assertThat(answer.get("edges")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(answer.at("/proofs/logSize").asLong()).isEqualTo(3);
    assertThat(answer.at("/proofs/records")).hasSize(3);
    assertThat(answer.at("/proofs/consistency").isMissingNode()).isTrue();
    assertThat(client.recordsChecked).isEqualTo(3);
    assertThat(client.edgesChecked).isEqualTo(answer.get("edges").size());
  }

  @Test
  void anAnswerAsOfAnEarlierSizeIsLinkedToTheSignedCheckpointByConsistency() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(IMAGE) + "&direction=both&asOf=2&proofs=true");

    SkepticalClient client = new SkepticalClient();
    client.check(answer);

    assertThat(answer.at("/proofs/logSize").asLong()).isEqualTo(2);
    assertThat(answer.at("/proofs/checkpoint/size").asLong()).isEqualTo(3);
    assertThat(answer.at("/proofs/consistency/from").asLong()).isEqualTo(2);
    assertThat(client.consistencyChecked).isTrue();
    assertThat(answer.get("edges"))
        .allSatisfy(e -> assertThat(e.get("logIndex").asLong()).isLessThan(2));
  }

  @Test
  void pathsCarryProofsToo() {
    JsonNode answer = ok("/v1/paths?from=" + enc(COMMIT) + "&to=" + enc(POD) + "&proofs=true");

    SkepticalClient client = new SkepticalClient();
    client.check(answer);

    assertThat(answer.get("found").asBoolean()).isTrue();
    assertThat(client.edgesChecked).isEqualTo(answer.at("/paths/0/length").asInt());
  }

  @Test
  void withoutProofsNoRecordIdsAndNoProofsAreAnswered() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(POD));

    assertThat(answer.has("proofs")).isFalse();
    assertThat(answer.get("edges")).allSatisfy(e -> assertThat(e.has("record")).isFalse());
  }

  @Test
  void aTamperedInclusionProofFails() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(POD) + "&proofs=true");
    JsonNode record = answer.at("/proofs/records/0");
    List<byte[]> hashes = hashes(record.get("hashes"));
    hashes.get(0)[0] ^= 1;

    assertThatThrownBy(() ->
            ProofVerifier.verifyInclusion(
                leafOf(record.get("logIndex").asLong()),
                record.get("logIndex").asLong(),
                answer.at("/proofs/logSize").asLong(),
                hashes,
                b64(answer.at("/proofs/rootHash"))))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void aTamperedRootFails() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(POD) + "&proofs=true");
    JsonNode record = answer.at("/proofs/records/0");
    byte[] root = b64(answer.at("/proofs/rootHash"));
    root[31] ^= 1;

    assertThatThrownBy(() ->
            ProofVerifier.verifyInclusion(
                leafOf(record.get("logIndex").asLong()),
                record.get("logIndex").asLong(),
                answer.at("/proofs/logSize").asLong(),
                hashes(record.get("hashes")),
                root))
        .isInstanceOf(RootMismatchException.class);
  }

  @Test
  void aCheckpointNoteWithAnotherRootFailsItsSignature() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(POD) + "&proofs=true");
    String note = answer.at("/proofs/checkpoint/note").asText();
    String[] lines = note.split("\n", -1);
    byte[] root = Base64.getDecoder().decode(lines[2]);
    root[0] ^= 1;
    lines[2] = Base64.getEncoder().encodeToString(root);
    String forged = String.join("\n", lines);

    assertThatThrownBy(
            () -> Note.open(forged.getBytes(StandardCharsets.UTF_8), List.of(verifier())))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void aTamperedConsistencyProofFails() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(IMAGE) + "&asOf=2&proofs=true");
    List<byte[]> hashes = hashes(answer.at("/proofs/consistency/hashes"));
    hashes.get(0)[5] ^= 1;

    assertThatThrownBy(() ->
            ProofVerifier.verifyConsistency(
                2,
                3,
                hashes,
                b64(answer.at("/proofs/rootHash")),
                b64(answer.at("/proofs/checkpoint/rootHash"))))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void proofsTakesOnlyTrueOrFalse() {
    HttpResponse<byte[]> r = s.get("/v1/lineage?id=" + enc(POD) + "&proofs=yes");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestServer.text(r)).contains("\"field\":\"proofs\"");
  }

  @Test
  void anAnswerFromMoreRecordsThanTheBoundIsRefusedNamingProofs() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 1001; i++) {
      body.append(i == 0 ? "" : ",")
          .append(
              """
              {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
               "time": "2026-11-25T13:00:00Z",
               "nodes": [{"id": "https://ci.acme.dev/scans/%d", "kind": "activity"},
                         {"id": "%s", "kind": "entity"}],
               "relations": [{"relation": "used", "subject": "https://ci.acme.dev/scans/%d",
                              "object": "%s"}]}
              """
                  .formatted(i, COMMIT, i, COMMIT));
    }
    body.append("]");
    assertThat(s.postJson("/v1/records?wait=checkpoint", body.toString()).statusCode())
        .isEqualTo(201);

    HttpResponse<byte[]> r =
        s.get(
            "/v1/lineage?id="
                + enc(COMMIT)
                + "&direction=downstream&depth=1&limit=2000&proofs=true");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestServer.text(r)).contains("\"field\":\"proofs\"");
    assertThat(
            ok("/v1/lineage?id=" + enc(COMMIT) + "&direction=downstream&depth=1&limit=2000")
                .get("edges"))
        .hasSizeGreaterThan(1000);
  }

  // ---- the client ------------------------------------------------------------------------------

  /** Checks an answer with nothing but the verifier key and the public read API. */
  private final class SkepticalClient {
    int recordsChecked;
    int edgesChecked;
    boolean consistencyChecked;

    void check(JsonNode answer) {
      JsonNode proofs = answer.get("proofs");
      long size = proofs.get("logSize").asLong();
      byte[] root = b64(proofs.get("rootHash"));
      assertThat(answer.at("/checkpoint/size").asLong()).isEqualTo(size);
      assertThat(b64(answer.at("/checkpoint/rootHash"))).isEqualTo(root);
      checkRootIsSigned(proofs, size, root);

      Map<Long, ProvRecord> stated = new HashMap<>();
      Map<Long, String> ids = new HashMap<>();
      for (JsonNode r : proofs.get("records")) {
        long index = r.get("logIndex").asLong();
        JsonNode fetched = ok("/v1/records?index=" + index).get("record");
        byte[] canonical = canonical(fetched);
        RecordId id = RecordId.ofDigest(sha256(canonical));
        assertThat(id.toString()).isEqualTo(r.get("id").asText());
        ProofVerifier.verifyInclusion(
            LogEntry.leafHash(id), index, size, hashes(r.get("hashes")), root);
        stated.put(index, new ProvenanceReader().read(canonical).orElseThrow());
        ids.put(index, id.toString());
        recordsChecked++;
      }
      for (JsonNode e : edgesOf(answer)) {
        long index = e.get("logIndex").asLong();
        assertThat(stated).as("a proof for the record of %s", e).containsKey(index);
        assertThat(e.get("record").asText()).isEqualTo(ids.get(index));
        List<String> edges = new ArrayList<>();
        for (Edge x : GraphRecord.project(index, 0, stated.get(index)).edges()) {
          edges.add(x.subject() + " " + x.relation().label() + " " + x.object());
        }
        assertThat(edges)
            .as("record %d states the edge", index)
            .contains(
                e.get("subject").asText()
                    + " "
                    + e.get("relation").asText()
                    + " "
                    + e.get("object").asText());
        edgesChecked++;
      }
    }

    private void checkRootIsSigned(JsonNode proofs, long size, byte[] root) {
      VerifiedNote note =
          Note.open(
              proofs.at("/checkpoint/note").asText().getBytes(StandardCharsets.UTF_8),
              List.of(verifier()));
      Checkpoint cp = Checkpoint.parse(note.text());
      assertThat(cp.size()).isEqualTo(proofs.at("/checkpoint/size").asLong());
      assertThat(cp.rootHash()).isEqualTo(b64(proofs.at("/checkpoint/rootHash")));
      if (cp.size() == size) {
        assertThat(cp.rootHash()).isEqualTo(root);
        assertThat(proofs.has("consistency")).isFalse();
        return;
      }
      assertThat(proofs.at("/consistency/from").asLong()).isEqualTo(size);
      assertThat(proofs.at("/consistency/to").asLong()).isEqualTo(cp.size());
      ProofVerifier.verifyConsistency(
          size, cp.size(), hashes(proofs.at("/consistency/hashes")), root, cp.rootHash());
      consistencyChecked = true;
    }
  }

  private static List<JsonNode> edgesOf(JsonNode answer) {
    List<JsonNode> out = new ArrayList<>();
    if (answer.has("edges")) {
      answer.get("edges").forEach(out::add);
    } else {
      answer.get("paths").forEach(p -> p.get("edges").forEach(out::add));
    }
    return out;
  }

  private NoteVerifier verifier() {
    HttpResponse<byte[]> key = s.get("/v1/log/key");
    assertThat(key.statusCode()).isEqualTo(200);
    return NoteVerifiers.parse(TestServer.text(key).strip());
  }

  private byte[] leafOf(long index) {
    JsonNode fetched = ok("/v1/records?index=" + index).get("record");
    return LogEntry.leafHash(RecordId.ofDigest(sha256(canonical(fetched))));
  }

  private JsonNode ok(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  /** The record's RFC 8785 bytes, recomputed by the client (not trusted from the server). */
  private static byte[] canonical(JsonNode record) {
    try {
      return new JsonCanonicalizer(TestServer.JSON.writeValueAsString(record)).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }

  private static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }
}
