package dev.custody.cli.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code custody serve} as a child process on the JDK and class path of the test, so that it can be
 * killed with SIGKILL like a crashing server. Its stdout and stderr go to one log file (appended
 * across restarts) that failure messages quote.
 *
 * <p>Not thread safe; {@link #close()} kills the process if it still runs, so tests close every
 * server in {@code @AfterEach} whatever happened.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("custody: serving log '([^']*)' on http://127\\.0\\.0\\.1:(\\d+) ");
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration EXIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;
  private final String origin;

  private ServerProcess(Process process, Path log, int port, String origin) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.origin = origin;
  }

  /**
   * Starts {@code custody serve --data dataDir --port 0 --bind 127.0.0.1 extraArgs...} and waits
   * until it prints that it is serving.
   *
   * @throws IllegalStateException if it exits or does not serve within a minute (with its log)
   */
  public static ServerProcess start(Path dataDir, Path log, String... extraArgs) {
    long offset = size(log);
    Process p = launch(dataDir, log, extraArgs);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = SERVING.matcher(readFrom(log, offset));
      if (m.find()) {
        return new ServerProcess(p, log, Integer.parseInt(m.group(2)), m.group(1));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "custody serve exited with " + p.exitValue() + ":\n" + readFrom(log, offset));
      }
      pause();
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "custody serve did not start within " + STARTUP + ":\n" + readFrom(log, offset));
  }

  /**
   * Runs {@code custody serve} expecting it to fail on its own; returns its exit status and output.
   *
   * @throws IllegalStateException if it is still running after a minute (it is then killed)
   */
  public static Exited runToExit(Path dataDir, Path log, String... extraArgs) {
    long offset = size(log);
    Process p = launch(dataDir, log, extraArgs);
    try {
      if (!p.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "custody serve was expected to exit but kept running:\n" + readFrom(log, offset));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException(e);
    }
    return new Exited(p.exitValue(), readFrom(log, offset));
  }

  /** How a server that was expected to fail ended. */
  public record Exited(int status, String output) {}

  private static Process launch(Path dataDir, Path log, String... extraArgs) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    // Small and quick to start: two cores are shared by everything in the test run.
    cmd.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add("dev.custody.cli.Main");
    cmd.addAll(
        List.of("serve", "--data", dataDir.toString(), "--port", "0", "--bind", "127.0.0.1"));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
  }

  public int port() {
    return port;
  }

  /** The log's origin, as the server announced it. */
  public String origin() {
    return origin;
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the server gets no chance to flush, close or checkpoint anything. */
  public void kill() {
    process.destroyForcibly();
    await();
  }

  /** SIGTERM: the server's shutdown hook commits what is queued and signs a last checkpoint. */
  public int stop() {
    process.destroy();
    return await();
  }

  private int await() {
    try {
      if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the server (and earlier runs on the same log file) printed. */
  public String log() {
    return readFrom(log, 0);
  }

  /** Kills the server if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String readFrom(Path file, long offset) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      byte[] all = Files.readAllBytes(file);
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
