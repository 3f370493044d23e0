package dev.custody.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty refuses some requests before they reach a route (an ambiguous or illegal URI, a bad
 * header). This answers those in the same problem+json shape as everything else, instead of Jetty's
 * HTML page.
 */
final class JettyProblemHandler extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object code = request.getAttribute(ERROR_STATUS);
    int status = code instanceof Integer i ? i : response.getStatus();
    if (status < 400) {
      status = 500;
    }
    Object msg = request.getAttribute(ERROR_MESSAGE);
    String message = msg == null ? null : msg.toString();
    String detail =
        status >= 500 ? "internal error" : (message == null ? "the request is malformed" : message);
    String body =
        "{\"type\":\"https://custody.dev/problems/"
            + (status >= 500 ? "internal" : "invalid-request")
            + "\",\"title\":\""
            + Problems.title(status)
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + escape(detail)
            + "\",\"field\":\"path\"}";
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
