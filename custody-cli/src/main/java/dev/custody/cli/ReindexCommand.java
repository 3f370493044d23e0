package dev.custody.cli;

import dev.custody.error.InvalidInputException;
import dev.custody.service.GraphReindexer;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code custody reindex}: rebuilds the provenance graph tables from the stored records, in one
 * transaction. Takes the data directory's lock, so it refuses to run beside a server.
 */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild the provenance graph from the log's records (the server must be stopped).")
final class ReindexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data = Path.of("custody-data");

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin ClockOptions clocks = new ClockOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dirPath = data.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dirPath.resolve(DataDir.DB_FILE))) {
      throw new CliException(
          "no Custody log in " + dirPath, "give the data directory with --data DIR");
    }
    try (DataDir dir = DataDir.lock(dirPath);
        SqliteLogStore store = SqliteLogStore.open(dir.db())) {
      long total = store.size();
      long[] lastPrint = {System.nanoTime()};
      GraphReindexer.Result result;
      try {
        result =
            new GraphReindexer(store, clocks.policy())
                .run(done -> {
                  long now = System.nanoTime();
                  if (!quiet && (now - lastPrint[0] > 1_000_000_000L || done == total)) {
                    lastPrint[0] = now;
                    err.printf(
                        "custody: reindexed %,d / %,d records (%d%%)%n",
                        done, total, total == 0 ? 100 : done * 100 / total);
                    err.flush();
                  }
                });
      } catch (InvalidInputException e) {
        throw new CliException(
            "a stored record no longer reads as it did when it was accepted: "
                + e.detail()
                + " (at "
                + e.field()
                + "); the graph was not changed",
            "run 'custody verify --data " + data + "' to check the log");
      }
      out.printf(
          "custody: ok: %s: graph rebuilt from %,d records (%,d state provenance)%n",
          data, result.records(), result.stating());
      return 0;
    }
  }
}
