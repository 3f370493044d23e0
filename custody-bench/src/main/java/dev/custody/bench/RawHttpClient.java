package dev.custody.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The least an HTTP/1.1 client can do for the load generator: one keep-alive socket, a POST written
 * as bytes, the status line and {@code Content-Length} read back and the body skipped. Written by
 * hand because the point is to spend as little CPU as possible on the client side of a benchmark
 * that shares two cores with the server; it is not a general client (no redirects, no TLS). Not
 * thread safe: one per client thread.
 */
final class RawHttpClient implements AutoCloseable {
  private final URI uri;
  private final byte[] head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  RawHttpClient(URI uri) {
    this.uri = uri;
    this.head =
        ("POST "
                + uri.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
    connect();
  }

  private void connect() {
    try {
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs {@code json}; answers the response status. Reconnects once if the server closed. */
  int postJson(String json) throws IOException {
    return postJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs {@code body}, UTF-8 JSON; answers the response status. */
  int postJson(byte[] body) throws IOException {
    try {
      return exchange(body);
    } catch (IOException e) {
      close();
      connect();
      return exchange(body);
    }
  }

  private int exchange(byte[] body) throws IOException {
    out.write(head);
    out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    if (status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(h.substring(colon + 1).trim());
      }
      if (colon > 0
          && h.substring(0, colon).equalsIgnoreCase("Transfer-Encoding")
          && h.substring(colon + 1).trim().equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      // chunk-size [; extensions] CRLF, data CRLF, ..., then 0 CRLF and an empty line
      for (long size = chunkSize(line()); size > 0; size = chunkSize(line())) {
        skip(size);
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers are skipped
      }
      return code;
    }
    if (length < 0) {
      throw new IOException("response without Content-Length");
    }
    skip(length);
    return code;
  }

  private static long chunkSize(String line) {
    int semi = line.indexOf(';');
    return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  private void skip(long length) throws IOException {
    for (long left = length; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
