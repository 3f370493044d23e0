package dev.custody.api;

import dev.custody.error.InternalException;
import dev.custody.error.InvalidInputException;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Payload;
import dev.custody.model.ProvRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import dev.custody.store.StoredCheckpoint;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** What every writing route does the same way: read the media type, wait for the log. */
final class Requests {
  private Requests() {}

  /**
   * Refuses a request whose body is not declared JSON (415, saying what {@code what} the route
   * takes) or is declared longer than {@code maxBytes} (413).
   */
  static void requireJsonBody(Context ctx, String what, long maxBytes) {
    String type = mediaType(ctx.contentType());
    if (!type.equals("application/json")) {
      throw InvalidInputException.unsupportedMediaType(
          "Content-Type must be application/json ("
              + what
              + "), got '"
              + (type.isEmpty() ? "(none)" : type)
              + "'");
    }
    if (ctx.contentLength() > maxBytes) {
      throw InvalidInputException.tooLarge(
          "", "request body is larger than " + maxBytes + " bytes");
    }
  }

  /** The media type of a Content-Type header, lower case, without parameters; "" if absent. */
  static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    String base = semi < 0 ? contentType : contentType.substring(0, semi);
    return base.trim().toLowerCase(Locale.ROOT);
  }

  /** A durable append, and the checkpoint covering it when the request asked to wait for one. */
  record Appended(AppendResult result, @Nullable StoredCheckpoint checkpoint) {}

  /**
   * Appends {@code records} (with the provenance each states) and waits for the durable commit;
   * with {@code waitCheckpoint}, also for a signed checkpoint covering them.
   */
  static Appended append(
      LogService log,
      List<CanonicalRecord> records,
      List<Optional<ProvRecord>> prov,
      boolean waitCheckpoint,
      Duration timeout) {
    return append(
        log,
        records,
        prov,
        java.util.Collections.nCopies(records.size(), Optional.empty()),
        waitCheckpoint,
        timeout);
  }

  /** {@link #append(LogService, List, List, boolean, Duration)} of records naming payloads. */
  static Appended append(
      LogService log,
      List<CanonicalRecord> records,
      List<Optional<ProvRecord>> prov,
      List<Optional<Payload>> payloads,
      boolean waitCheckpoint,
      Duration timeout) {
    AppendResult result = await(log.append(records, prov, payloads), timeout);
    StoredCheckpoint cp =
        waitCheckpoint ? await(log.awaitCheckpoint(result.maxIndex() + 1), timeout) : null;
    return new Appended(result, cp);
  }

  /**
   * Waits for the log's answer. A refusal or internal error is rethrown as is; no answer within
   * {@code timeout} is a 503 (retrying is safe: appends are idempotent).
   */
  static <T> T await(CompletableFuture<T> f, Duration timeout) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new InternalException("append failed", e.getCause());
    } catch (TimeoutException e) {
      throw new ServiceUnavailableResponse(
          "the log did not answer within " + timeout.toSeconds() + " s; retrying is safe");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("interrupted", e);
    }
  }
}
