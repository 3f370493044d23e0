package dev.custody.api;

import static dev.custody.api.IncidentScenario.COMMIT;
import static dev.custody.api.IncidentScenario.IMAGE;
import static dev.custody.api.IncidentScenario.POD;
import static dev.custody.api.IncidentScenario.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.VerificationException;
import dev.custody.log.ProofVerifier;
import dev.custody.log.RootMismatchException;
import dev.custody.log.note.Note;
import dev.custody.log.note.NoteVerifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
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

    SkepticalClient client = new SkepticalClient(s);
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

    SkepticalClient client = new SkepticalClient(s);
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

    SkepticalClient client = new SkepticalClient(s);
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

  private byte[] leafOf(long index) {
    return new SkepticalClient(s).leafOf(index);
  }

  private NoteVerifier verifier() {
    return new SkepticalClient(s).verifier();
  }

  private JsonNode ok(String path) {
    return new SkepticalClient(s).ok(path);
  }

  private static List<byte[]> hashes(JsonNode array) {
    return SkepticalClient.hashes(array);
  }

  private static byte[] b64(JsonNode n) {
    return SkepticalClient.b64(n);
  }
}
