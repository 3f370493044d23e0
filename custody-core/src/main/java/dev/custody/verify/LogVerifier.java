package dev.custody.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.CustodyException;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.Proofs;
import dev.custody.log.Rfc6962;
import dev.custody.log.Tile;
import dev.custody.log.TiledHashReader;
import dev.custody.log.TreeAppender;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import dev.custody.model.RecordId;
import dev.custody.store.StoredCheckpoint;
import dev.custody.verify.LogSource.SourceRecord;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole log from what is stored, trusting nothing but the verifier key: recomputes every
 * record's id and leaf, rebuilds the tree, compares it with the stored tiles and with every
 * checkpoint's root, checks every checkpoint's signature, and checks that each checkpoint is
 * consistent with the one before it using proofs built from the stored tiles (as a client would).
 * Each problem names the record index, the tile or the checkpoint size.
 *
 * <p>Streams the records in chunks: memory does not grow with the log. Not thread safe; one
 * verifier per run.
 */
public final class LogVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] REF_MARKER =
      ("\"" + PayloadRefs.REF + "\":{").getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Receives progress after each chunk of records. */
  @FunctionalInterface
  public interface Progress {
    void update(long leavesDone, long leavesTotal);

    Progress NONE = (d, t) -> {};
  }

  private static final int CHUNK = 10_000;
  private static final int MAX_PROBLEMS = 200;
  private static final HexFormat HEX = HexFormat.of();

  private final LogSource source;
  private final NoteVerifier key;
  private final Progress progress;
  private final List<String> problems = new ArrayList<>();
  private final Long2LongOpenHashMap firstByKey = new Long2LongOpenHashMap();
  private int suppressed;

  private record Signed(long size, byte[] root) {}

  public LogVerifier(LogSource source, NoteVerifier key, Progress progress) {
    firstByKey.defaultReturnValue(-1);
    this.source = source;
    this.key = key;
    this.progress = progress;
  }

  /** Runs every check; never throws for what it finds, only reports it. */
  public VerifyReport run() {
    List<StoredCheckpoint> stored = source.checkpoints();
    List<Signed> signed = checkSignatures(stored);
    long leaves = rebuild(signed);
    checkConsistency(signed);
    if (suppressed > 0) {
      problems.add("... and " + suppressed + " more problems");
    }
    return new VerifyReport(leaves, stored.size(), List.copyOf(problems));
  }

  private List<Signed> checkSignatures(List<StoredCheckpoint> stored) {
    List<Signed> ok = new ArrayList<>();
    for (StoredCheckpoint cp : stored) {
      try {
        Checkpoint c = SignedCheckpoint.open(cp.note(), List.of(key));
        if (c.size() != cp.size() || !Arrays.equals(c.rootHash(), cp.rootHash())) {
          problem(
              "checkpoint at size "
                  + cp.size()
                  + ": its signed note says size "
                  + c.size()
                  + " root "
                  + hex(c.rootHash())
                  + ", the stored columns say size "
                  + cp.size()
                  + " root "
                  + hex(cp.rootHash()));
        }
        ok.add(new Signed(c.size(), c.rootHash()));
      } catch (CustodyException e) {
        problem("checkpoint at size " + cp.size() + ": signature check failed: " + e.getMessage());
      }
    }
    ok.sort(Comparator.comparingLong(Signed::size));
    return ok;
  }

  /** Rebuilds the tree from the records; returns how many leaves were rebuilt. */
  private long rebuild(List<Signed> signed) {
    long total = source.recordCount();
    Deque<Signed> targets = new ArrayDeque<>(signed);
    TreeAppender tree = new TreeAppender((level, index) -> null, 0, 16);
    Map<Integer, Tile> partial = new HashMap<>();
    checkRootsAt(tree, targets);
    long next = 0;
    while (next < total) {
      List<SourceRecord> chunk = source.records(next, CHUNK);
      if (chunk.isEmpty()) {
        problem("records end at index " + next + " but the log holds " + total);
        break;
      }
      List<byte[]> leaves = new ArrayList<>(chunk.size());
      boolean gap = false;
      for (SourceRecord r : chunk) {
        if (r.index() != next) {
          problem(
              "record at index " + next + " is missing (the next stored one is " + r.index() + ")");
          gap = true;
          break;
        }
        RecordId computed = RecordId.ofDigest(Rfc6962.sha256().digest(r.canonical()));
        if (r.storedId() != null && !r.storedId().equals(computed)) {
          problem(
              "record at index "
                  + next
                  + ": its content hashes to "
                  + computed
                  + " but it is stored as "
                  + r.storedId());
        }
        checkUnique(computed, next);
        checkPayload(r);
        leaves.add(LogEntry.leafHash(computed));
        next++;
      }
      appendChecked(tree, leaves, targets, partial);
      progress.update(next, total);
      if (gap) {
        break;
      }
    }
    for (Tile t : partial.values()) {
      compareTile(t);
    }
    for (Signed s : targets) {
      problem(
          "checkpoint at size "
              + s.size()
              + " covers records that are not stored (the rebuilt log has "
              + tree.size()
              + ")");
    }
    return tree.size();
  }

  /**
   * A record that keeps its document beside the log ({@code documentRef}) commits to the document's
   * digest and size: the source must hold bytes that match both. Only records with the member's
   * bytes are parsed.
   */
  private void checkPayload(SourceRecord r) {
    if (!contains(r.canonical(), REF_MARKER)) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.canonical());
    } catch (IOException e) {
      return; // Not JSON: the log holds it as it was written; nothing is named beside it.
    }
    // A user's opaque record may have a member of that name; only Custody's types name payloads.
    JsonNode ref = root.get(PayloadRefs.REF);
    if (ref == null
        || !ref.isObject()
        || !root.path("_type").asText("").startsWith("https://custody.dev/")) {
      return;
    }
    String digest = ref.path("digest").asText("");
    long size = ref.path("size").asLong(-1);
    Optional<byte[]> body = Payload.isDigest(digest) ? source.payload(digest) : Optional.empty();
    if (body.isEmpty()) {
      problem(
          "record at index " + r.index() + " names payload " + digest + ", which is not stored");
    } else if (!Payload.digestOf(body.get()).equals(digest) || body.get().length != size) {
      problem(
          "record at index "
              + r.index()
              + ": payload "
              + digest
              + " does not match its digest and size ("
              + body.get().length
              + " bytes hash to "
              + Payload.digestOf(body.get())
              + ")");
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Each record is in the log once: a record whose id repeats an earlier one is a problem. Ids are
   * keyed by their first 8 bytes; only a key collision costs a read of the earlier record.
   */
  private void checkUnique(RecordId id, long index) {
    long key = id.leadingLong();
    long earlier = firstByKey.putIfAbsent(key, index);
    if (earlier == firstByKey.defaultReturnValue()) {
      return;
    }
    List<SourceRecord> before = source.records(earlier, 1);
    if (!before.isEmpty()
        && RecordId.ofDigest(Rfc6962.sha256().digest(before.get(0).canonical())).equals(id)) {
      problem(
          "record at index " + index + " repeats the record at index " + earlier + " (" + id + ")");
    }
  }

  /** Appends leaves, stopping at every checkpoint size on the way to compare roots. */
  private void appendChecked(
      TreeAppender tree, List<byte[]> leaves, Deque<Signed> targets, Map<Integer, Tile> partial) {
    int from = 0;
    while (from < leaves.size()) {
      int to = leaves.size();
      Signed target = targets.peekFirst();
      if (target != null && target.size() - tree.size() < to - from) {
        to = from + (int) (target.size() - tree.size());
      }
      for (Tile t : tree.append(leaves.subList(from, to))) {
        if (t.isFull()) {
          partial.remove(t.level());
          compareTile(t);
        } else {
          partial.put(t.level(), t);
        }
      }
      from = to;
      checkRootsAt(tree, targets);
    }
  }

  private void checkRootsAt(TreeAppender tree, Deque<Signed> targets) {
    while (!targets.isEmpty() && targets.peekFirst().size() == tree.size()) {
      Signed s = targets.pollFirst();
      byte[] root = tree.rootHash();
      if (!Arrays.equals(root, s.root())) {
        problem(
            "checkpoint at size "
                + s.size()
                + ": root "
                + hex(s.root())
                + " does not match the tree rebuilt from the records ("
                + hex(root)
                + ")");
      }
    }
  }

  private void compareTile(Tile expected) {
    byte[] stored = source.tiles().read(expected.level(), expected.index());
    String name = "tile " + expected.level() + "/" + expected.index();
    if (stored == null) {
      problem(name + " is missing");
      return;
    }
    byte[] want = expected.hashes();
    if (stored.length < want.length) {
      problem(
          name + " holds " + stored.length / 32 + " hashes; the records need " + want.length / 32);
      return;
    }
    int h = Rfc6962.HASH_SIZE;
    for (int k = 0; k < want.length / h; k++) {
      if (!Arrays.equals(stored, k * h, (k + 1) * h, want, k * h, (k + 1) * h)) {
        if (expected.level() == 0) {
          problem(
              "leaf at index "
                  + (expected.index() * Tile.WIDTH + k)
                  + ": the stored leaf hash differs from the hash of the record's entry");
        } else {
          problem(name + ": hash " + k + " differs from the tree rebuilt from the records");
        }
      }
    }
  }

  /** Each checkpoint must be consistent with the one before it, by proofs from stored tiles. */
  private void checkConsistency(List<Signed> signed) {
    TiledHashReader hashes = new TiledHashReader(source.tiles(), 256);
    for (int i = 1; i < signed.size(); i++) {
      Signed a = signed.get(i - 1);
      Signed b = signed.get(i);
      if (a.size() == 0) {
        continue; // Every tree extends the empty one; its root was checked in the rebuild.
      }
      try {
        List<byte[]> proof = Proofs.consistency(hashes, a.size(), b.size());
        ProofVerifier.verifyConsistency(a.size(), b.size(), proof, a.root(), b.root());
      } catch (RuntimeException e) {
        problem(
            "checkpoints at sizes "
                + a.size()
                + " and "
                + b.size()
                + " are not consistent by the stored tiles: "
                + e.getMessage());
      }
    }
  }

  private void problem(String p) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(p);
    } else {
      suppressed++;
    }
  }

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
