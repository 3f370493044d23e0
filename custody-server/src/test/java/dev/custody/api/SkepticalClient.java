package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Checks a graph answer given with {@code proofs=true} the way a skeptical client would: it trusts
 * only the log's verifier key, fetches every asserting record by index, recomputes its leaf from
 * the record's bytes, checks the inclusion proof against the answer's root, the root against the
 * signed checkpoint (directly or by a consistency proof), and that the record really states the
 * edge.
 */
final class SkepticalClient {
  final TestServer s;

  SkepticalClient(TestServer s) {
    this.s = s;
  }

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

  private static List<JsonNode> edgesOf(JsonNode answer) {
    List<JsonNode> out = new ArrayList<>();
    if (answer.has("edges")) {
      answer.get("edges").forEach(out::add);
    } else {
      answer.get("paths").forEach(p -> p.get("edges").forEach(out::add));
    }
    return out;
  }

  NoteVerifier verifier() {
    HttpResponse<byte[]> key = s.get("/v1/log/key");
    assertThat(key.statusCode()).isEqualTo(200);
    return NoteVerifiers.parse(TestServer.text(key).strip());
  }

  byte[] leafOf(long index) {
    JsonNode fetched = ok("/v1/records?index=" + index).get("record");
    return LogEntry.leafHash(RecordId.ofDigest(sha256(canonical(fetched))));
  }

  JsonNode ok(String path) {
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

  static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }

  static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }
}
