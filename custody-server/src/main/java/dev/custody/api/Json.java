package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InternalException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** Writing JSON responses: base64 for hashes, raw canonical bytes for records. */
final class Json {
  // Requests run on virtual threads, one per request, so Jackson's default thread-local buffer
  // pool gave each response fresh 8 KiB buffers; a shared pool recycles them.
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .recyclerPool(
                  com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
              .build());

  private Json() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static void send(Context ctx, int status, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new InternalException("response serialization failed", e);
    }
    ctx.status(status).contentType("application/json").result(out.toByteArray());
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static void hashes(JsonGenerator g, String field, List<byte[]> hashes) throws IOException {
    g.writeArrayFieldStart(field);
    for (byte[] h : hashes) {
      g.writeString(b64(h));
    }
    g.writeEndArray();
  }
}
