package dev.custody.api;

import dev.custody.error.InvalidInputException;
import dev.custody.log.TileCoord;
import dev.custody.log.TilePath;
import dev.custody.service.LogService;
import dev.custody.store.StoredCheckpoint;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The log's read API: C2SP tlog-tiles at the server root ({@code /checkpoint}, {@code /tile/...})
 * and JSON proofs, checkpoints and the verifier key under {@code /v1/log}.
 */
final class LogRoutes {
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String NO_CACHE = "no-cache";

  private final LogService log;

  LogRoutes(LogService log) {
    this.log = log;
  }

  void checkpoint(Context ctx) {
    ctx.header("Cache-Control", NO_CACHE);
    ctx.status(200)
        .contentType("text/plain; charset=utf-8")
        .result(log.latestCheckpoint().note().getBytes(StandardCharsets.UTF_8));
  }

  void tile(Context ctx) {
    TileCoord c = TilePath.parse(ctx.pathParam("path"));
    int width = c.width();
    Optional<byte[]> data =
        c.entries() ? log.entryBundle(c.index(), width) : log.tile(c.level(), c.index(), width);
    if (data.isEmpty()) {
      throw InvalidInputException.notFound(
          "path", "tile " + ctx.pathParam("path") + " is not in the published tree");
    }
    ctx.header("Cache-Control", c.width() == 256 ? IMMUTABLE : NO_CACHE);
    ctx.status(200).contentType("application/octet-stream").result(data.get());
  }

  void key(Context ctx) {
    ctx.status(200)
        .contentType("text/plain; charset=utf-8")
        .result(log.signer().verifierKey() + "\n");
  }

  void latest(Context ctx) {
    StoredCheckpoint cp = log.latestCheckpoint();
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("origin", log.signer().origin());
          g.writeStringField("verifierKey", log.signer().verifierKey());
          RecordRoutes.writeCheckpoint(g, cp);
          g.writeEndObject();
        });
  }

  void checkpoints(Context ctx) {
    Long from = Params.optionalLong(ctx, "from");
    int limit = Params.limit(ctx, 100, 1000);
    List<StoredCheckpoint> cps = log.store().checkpoints(from == null ? 0 : from, limit);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("checkpoints");
          for (StoredCheckpoint cp : cps) {
            g.writeStartObject();
            g.writeNumberField("size", cp.size());
            g.writeStringField("rootHash", Json.b64(cp.rootHash()));
            g.writeStringField("note", cp.note());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void inclusion(Context ctx) {
    long index = Params.requiredLong(ctx, "index");
    Long sizeParam = Params.optionalLong(ctx, "size");
    long size = sizeParam == null ? log.latestCheckpoint().size() : sizeParam;
    List<byte[]> proof = log.inclusionProof(index, size);
    byte[] root = log.rootHash(size);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("index", index);
          g.writeNumberField("size", size);
          g.writeStringField("rootHash", Json.b64(root));
          Json.hashes(g, "hashes", proof);
          g.writeEndObject();
        });
  }

  void consistency(Context ctx) {
    long from = Params.requiredLong(ctx, "from");
    Long toParam = Params.optionalLong(ctx, "to");
    long to = toParam == null ? log.latestCheckpoint().size() : toParam;
    List<byte[]> proof = log.consistencyProof(from, to);
    byte[] fromRoot = log.rootHash(from);
    byte[] toRoot = log.rootHash(to);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("from", from);
          g.writeNumberField("to", to);
          g.writeStringField("fromRootHash", Json.b64(fromRoot));
          g.writeStringField("toRootHash", Json.b64(toRoot));
          Json.hashes(g, "hashes", proof);
          g.writeEndObject();
        });
  }
}
