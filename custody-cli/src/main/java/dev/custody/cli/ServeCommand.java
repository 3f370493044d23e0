package dev.custody.cli;

import dev.custody.api.ApiConfig;
import dev.custody.api.ApiServer;
import dev.custody.api.AttestationConfig;
import dev.custody.attest.TrustPolicy;
import dev.custody.ingest.RecordLimits;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.GraphReindexer;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody serve}: runs the HTTP API on the embedded SQLite store. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the Custody server on its embedded store.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data = Path.of("custody-data");

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks one).")
  int port = 8080;

  @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--origin",
      description = "Checkpoint origin, fixed when the log is created (default: generated).")
  String origin;

  @Option(
      names = "--checkpoint-interval-ms",
      description = "Longest delay from commit to covering checkpoint (default: ${DEFAULT-VALUE}).")
  long checkpointIntervalMs = LogConfig.DEFAULTS.checkpointInterval().toMillis();

  @Option(names = "--max-request-bytes", description = "Default: ${DEFAULT-VALUE}.")
  int maxRequestBytes = RecordLimits.DEFAULTS.maxRequestBytes();

  @Option(names = "--max-record-bytes", description = "Default: ${DEFAULT-VALUE}.")
  int maxRecordBytes = RecordLimits.DEFAULTS.maxRecordBytes();

  @Option(names = "--max-depth", description = "Default: ${DEFAULT-VALUE}.")
  int maxDepth = RecordLimits.DEFAULTS.maxDepth();

  @Option(names = "--max-records", description = "Records per request; default: ${DEFAULT-VALUE}.")
  int maxRecords = RecordLimits.DEFAULTS.maxRecords();

  @Option(
      names = "--quality-refresh-seconds",
      description =
          "Most often the missing links and coverage on /metrics are recomputed, in the"
              + " background and only when the log grew (default: ${DEFAULT-VALUE}).")
  long qualityRefreshSeconds = ApiConfig.DEFAULT_QUALITY_REFRESH.toSeconds();

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description = "Trust file for POST /v1/attestations (docs/TRUST.md); default: trust no key.")
  Path trust;

  @Option(
      names = "--require-verified",
      description =
          "Refuse (422) attestations that do not verify, instead of storing them as unverified.")
  boolean requireVerified;

  @Mixin ClockOptions clocks = new ClockOptions();

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CliException("--port must be in 0..65535: " + port, null);
    }
    if (qualityRefreshSeconds < 1) {
      throw new CliException(
          "--quality-refresh-seconds must be at least 1: " + qualityRefreshSeconds, null);
    }
    PrintWriter out = spec.commandLine().getOut();
    AttestationConfig attestations =
        new AttestationConfig(
            trust == null ? TrustPolicy.empty() : TrustPolicy.load(trust), requireVerified);
    DataDir dir = DataDir.lock(data.toAbsolutePath().normalize());
    Ed25519NoteSigner key = SigningKeys.loadOrCreate(dir.path(), origin);
    SqliteLogStore store = SqliteLogStore.open(dir.db());
    if (store.graphRebuildNeeded()) {
      // A store written by an older version keeps its graph in another form: rebuilt from the
      // log, as `custody reindex` would, before anything is served.
      out.printf("custody: rebuilding the graph from the log (its storage changed)...%n");
      out.flush();
      GraphReindexer.Result rebuilt = new GraphReindexer(store, clocks.policy()).run(n -> {});
      out.printf(
          "custody: graph rebuilt from %d records (%d state provenance)%n",
          rebuilt.records(), rebuilt.stating());
    }
    LogConfig logConfig =
        LogConfig.DEFAULTS
            .withCheckpointInterval(Duration.ofMillis(checkpointIntervalMs))
            .withClocks(clocks.policy());
    LogService log =
        new LogService(store, new Ed25519CheckpointSigner(key), logConfig, Clock.systemUTC());
    RecordLimits limits = new RecordLimits(maxRequestBytes, maxRecordBytes, maxDepth, maxRecords);
    ApiConfig api =
        new ApiConfig(bind, port, limits, Duration.ofSeconds(30))
            .withQualityRefresh(Duration.ofSeconds(qualityRefreshSeconds));
    ApiServer server;
    try {
      server = new ApiServer(log, api, attestations).start();
    } catch (RuntimeException e) {
      log.close();
      dir.close();
      throw new CliException(
          "cannot listen on " + bind + ":" + port + ": " + rootMessage(e),
          "is another server on that port? choose one with --port");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              server.close();
              log.close();
              dir.close();
              stopped.countDown();
            }));
    out.printf(
        "custody: serving log '%s' on http://%s:%d (data: %s)%n",
        key.name(), bind, server.port(), dir.path());
    out.printf("custody: verifier key %s%n", key.verifierKey());
    out.flush();
    stopped.await();
    return 0;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
