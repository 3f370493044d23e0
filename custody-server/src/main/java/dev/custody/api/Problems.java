package dev.custody.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.CustodyException;
import dev.custody.error.InternalException;
import dev.custody.error.InvalidInputException;
import dev.custody.error.VerificationException;
import dev.custody.metrics.CustodyMetrics;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every error to an RFC 9457 {@code application/problem+json} response, in one place. Invalid
 * input names the offending field ({@code field}; for the request body also {@code pointer}, a JSON
 * pointer). Internal errors are logged with an id and show only that id.
 */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://custody.dev/problems/";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private final ObjectMapper json;
  private final CustodyMetrics metrics;

  Problems(ObjectMapper json, CustodyMetrics metrics) {
    this.json = json;
    this.metrics = metrics;
  }

  void handle(Exception e, Context ctx) {
    switch (e) {
      case CustodyException ce -> handleCustody(ce, ctx);
      case HttpResponseException h ->
          write(ctx, h.getStatus(), slug(h.getStatus()), h.getMessage(), null);
      default ->
          handleInternal(new InternalException("unhandled " + e.getClass().getName(), e), ctx);
    }
  }

  private void handleCustody(CustodyException e, Context ctx) {
    switch (e) {
      case InvalidInputException ii -> {
        if (ii.status() == 413) {
          discardBody(ctx);
        }
        write(ctx, ii.status(), ii.type(), ii.detail(), ii.field());
      }
      case VerificationException ve ->
          write(ctx, 422, "verification-failed", ve.check() + ": " + ve.detail(), null);
      case InternalException ie -> handleInternal(ie, ctx);
    }
  }

  /** Bodies up to this size are read to their end before a 413 is sent (see discardBody). */
  static final long DISCARD_LIMIT = 64L << 20;

  /**
   * Reads what is left of a refused oversize body (at most {@link #DISCARD_LIMIT}) and asks to
   * close the connection. A 413 sent while the client is still sending, on a connection the server
   * then closes, can be lost to the TCP reset and reach the client as a broken connection instead
   * of the problem; a client that sent the whole body reads the answer.
   */
  private static void discardBody(Context ctx) {
    ctx.header("Connection", "close");
    try {
      var in = ctx.req().getInputStream();
      byte[] buf = new byte[64 << 10];
      long read = 0;
      int n;
      while (read < DISCARD_LIMIT && (n = in.read(buf)) >= 0) {
        read += n;
      }
    } catch (java.io.IOException | IllegalStateException e) {
      // the body was read already, or the client went away: nothing left to discard
    }
  }

  private void handleInternal(InternalException e, Context ctx) {
    String id = UUID.randomUUID().toString();
    log.error("internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
    ObjectNode body = base(500, "internal", "internal error; quote this id to the operator: " + id);
    body.put("instance", "urn:uuid:" + id);
    send(ctx, 500, body);
  }

  /** Writes a problem response for a status that no exception raised (unknown route, 405). */
  void write(Context ctx, int status, String type, String detail, @Nullable String field) {
    ObjectNode body = base(status, type, detail);
    if (field != null) {
      body.put("field", field);
      if (field.isEmpty() || field.startsWith("/")) {
        body.put("pointer", field);
      }
    }
    send(ctx, status, body);
  }

  private ObjectNode base(int status, String type, String detail) {
    // Every problem response is built here, so this counts each refusal once.
    metrics.refused(type);
    ObjectNode body = json.createObjectNode();
    body.put("type", TYPE_BASE + type);
    body.put("title", title(status));
    body.put("status", status);
    body.put("detail", detail);
    return body;
  }

  private void send(Context ctx, int status, ObjectNode body) {
    try {
      ctx.status(status).contentType(CONTENT_TYPE).result(json.writeValueAsBytes(body));
    } catch (Exception e) {
      ctx.status(status).contentType("text/plain").result("error " + status);
    }
  }

  private static String slug(int status) {
    return switch (status) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      default -> status >= 500 ? "internal" : "invalid-input";
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Bad Request";
    };
  }
}
