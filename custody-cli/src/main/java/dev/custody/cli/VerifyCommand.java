package dev.custody.cli;

import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.NoteVerifiers;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.verify.LogSource;
import dev.custody.verify.LogVerifier;
import dev.custody.verify.StoreLogSource;
import dev.custody.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code custody verify}: recomputes every leaf from the stored records, rebuilds the tree, and
 * checks every checkpoint's signature and its consistency with the one before. Exit 0 when all
 * checks pass, 1 naming each mismatch, 2 for usage errors and a server that cannot be reached.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify a whole log: records, leaves, tiles, checkpoints, consistency.")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "Data directory to verify (default: ${DEFAULT-VALUE}).")
  Path data = Path.of("custody-data");

  @Option(
      names = "--url",
      description = "Verify a running server instead, e.g. http://127.0.0.1:8080.")
  String url;

  @Option(
      names = "--key",
      description =
          "Verifier key to trust (name+hash+key). Default: the data directory's key, or the"
              + " server's own with --url.")
  String key;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (url != null) {
      HttpLogSource source = new HttpLogSource(url);
      String vkey = key;
      if (vkey == null) {
        vkey = source.verifierKey();
        err.println("custody: note: trusting the key the server reports; pin one with --key");
      }
      return verify(source, vkey, url, out, err);
    }
    Path db = data.resolve("custody.db");
    if (!Files.isRegularFile(db)) {
      throw new CliException(
          "no Custody log in " + data.toAbsolutePath(), "give the data directory with --data DIR");
    }
    String vkey = key != null ? key : readKey(data.resolve(SigningKeys.PUBLIC_FILE));
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(db)) {
      return verify(new StoreLogSource(store), vkey, data.toString(), out, err);
    }
  }

  private int verify(LogSource source, String vkey, String what, PrintWriter out, PrintWriter err) {
    NoteVerifier verifier = NoteVerifiers.parse(vkey);
    long[] lastPrint = {System.nanoTime()};
    LogVerifier.Progress progress =
        (done, total) -> {
          long now = System.nanoTime();
          if (!quiet && (now - lastPrint[0] > 1_000_000_000L || done == total)) {
            lastPrint[0] = now;
            err.printf(
                "custody: verified %,d / %,d leaves (%d%%)%n",
                done, total, total == 0 ? 100 : done * 100 / total);
            err.flush();
          }
        };
    VerifyReport report = new LogVerifier(source, verifier, progress).run();
    if (report.ok()) {
      out.printf(
          "custody: ok: %s: %,d leaves, %,d checkpoints, every one signed by %s and consistent%n",
          what, report.leaves(), report.checkpoints(), verifier.name());
      return 0;
    }
    for (String p : report.problems()) {
      err.println("custody: error: " + p);
    }
    int n = report.problems().size();
    err.printf(
        "custody: hint: %d %s in %s: the log does not match what was signed; restore the data"
            + " directory from a backup and keep this copy as evidence%n",
        n, n == 1 ? "problem" : "problems", what);
    return 1;
  }

  private static String readKey(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new CliException(
          "cannot read the verifier key " + file, "give the log's verifier key with --key");
    }
  }
}
