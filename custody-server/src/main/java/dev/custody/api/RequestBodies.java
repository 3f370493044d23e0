package dev.custody.api;

import dev.custody.error.InvalidInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Request bodies as every route reads them: capped (413 past the cap, whatever the Content-Length
 * says or whether there is one) and read into an array of the stated length. Javalin's {@code
 * bodyAsBytes} grew a {@code ByteArrayOutputStream} to the body's size and copied it out again: for
 * a 1 MB batch of records, four arrays and their fresh pages, a tenth of the request thread's CPU
 * in batched ingest (docs/BENCHMARKS.md).
 */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The request body, capped at {@code max} bytes (413 beyond), read into an array of its declared
   * length when it has one (up to {@link #HINT_CAP}), else grown as bytes arrive: the OpenLineage
   * client's gzip bodies, for one, are chunked.
   */
  static byte[] read(Context ctx, long max) {
    long declared = ctx.contentLength();
    try {
      int hint = declared > 0 ? (int) Math.min(declared, HINT_CAP) : 1024;
      byte[] raw = readCapped(ctx.req().getInputStream(), hint, max);
      if (raw.length > max) {
        throw InvalidInputException.tooLarge("", "request body is larger than " + max + " bytes");
      }
      return raw;
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "the request body could not be read");
    }
  }

  // A stated size (Content-Length, a gzip trailer) sizes the first array up to this much: a few
  // bytes stating gigabytes get an array that grows as bytes arrive, not one of the request cap.
  static final int HINT_CAP = 1 << 20;

  /**
   * All of {@code in}, or its first {@code max + 1} bytes when it holds more, read into an array of
   * {@code hint} bytes grown when the hint falls short (a hint is never trusted: the cap holds).
   */
  static byte[] readCapped(InputStream in, int hint, long max) throws IOException {
    int limit = (int) Math.min(Integer.MAX_VALUE - 8, max + 1);
    byte[] out = new byte[Math.max(1, Math.min(limit, hint))];
    int n = 0;
    while (n < limit) {
      if (n == out.length) {
        int next = in.read(); // an exact hint ends here, without growing the array
        if (next < 0) {
          return out;
        }
        out = Arrays.copyOf(out, (int) Math.min(limit, Math.max(2L * out.length, 256)));
        out[n++] = (byte) next;
        continue;
      }
      int r = in.read(out, n, out.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
