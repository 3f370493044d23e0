package dev.custody.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code custody ingest}: posts files of any accepted format to a server. Each file's format is
 * read from its content ({@link IngestReader}, {@link IngestFormat}); records are batched, and a
 * refused batch is narrowed down to the refused records ({@link Ingester}) so the others are
 * accepted. Exit 0 when nothing was refused, 1 when something was, 2 for usage errors and a server
 * that cannot be reached.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Post files to a Custody server, each value's format read from its content.",
      "W3C PROV-JSON documents, native records, JSON objects, arrays of them and NDJSON.",
      "Directories are walked in name order (names starting with '.' are skipped); '-' reads",
      "standard input. Exit 0 if nothing was refused, 1 if something was, 2 for usage errors",
      "and a server that cannot be reached."
    })
final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOption server;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Records a request, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int batch = 1000;

  @Option(names = "--quiet", description = "No progress.")
  boolean quiet;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR|-", description = "What to ingest.")
  List<String> inputs = new ArrayList<>();

  /** Standard input, for {@code -}; tests replace it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (batch < 1 || batch > Ingester.MAX_BATCH_RECORDS) {
      throw new CliException(
          "--batch must be between 1 and " + Ingester.MAX_BATCH_RECORDS + ", got " + batch,
          "run 'custody ingest --help' for usage",
          Main.USAGE);
    }
    ApiClient api = server.client();
    List<Source> sources = sources();
    Progress progress = new Progress(err, quiet ? Progress.Mode.NONE : Progress.mode());
    IngestTally tally = new IngestTally(progress::tick);
    progress.start(sources.size(), tally);
    Ingester ingester = new Ingester(api, tally, batch);
    IngestReader reader = new IngestReader();
    boolean completed = false;
    try {
      for (Source s : sources) {
        IngestReader.Contents c = reader.read(s.name(), s.read(stdin));
        progress.fileRead(c.items().size() + c.unreadable().size());
        for (IngestReader.Unreadable u : c.unreadable()) {
          tally.refused(IngestTally.UNREADABLE, u.location(), u.reason());
        }
        for (IngestReader.Item item : c.items()) {
          ingester.add(item);
        }
        progress.fileDone();
      }
      ingester.flush();
      completed = true;
    } finally {
      progress.finish();
      // A run cut short (server gone) still says what it stored before.
      if (completed) {
        out.printf(
            "custody: ingested %,d %s into %s%n",
            sources.size(), files(sources.size()), api.base());
      } else if (tally.done() > 0) {
        out.printf(
            "custody: stopped after %,d of %,d %s; stored in %s before that:%n",
            progress.filesDone(), sources.size(), files(sources.size()), api.base());
      }
      if (completed || tally.done() > 0) {
        tally.print(out);
        out.flush();
      }
    }
    long refused = tally.refusedCount();
    if (refused == 0) {
      return 0;
    }
    err.printf(
        "custody: error: %,d of %,d refused (reasons above); the others were stored%n",
        refused, tally.done());
    err.println(
        "custody: hint: fix the refused ones and run the same command again: what is stored"
            + " already is answered as already present");
    return 1;
  }

  private static String files(int n) {
    return n == 1 ? "file" : "files";
  }

  /** One input to read: a file, or standard input. */
  record Source(String name, Path path) {
    byte[] read(InputStream stdin) {
      try {
        return name.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(path);
      } catch (IOException e) {
        throw new CliException("cannot read " + name + ": " + ApiClient.describe(e), null);
      }
    }
  }

  /**
   * The inputs, directories expanded in name order; an input that is not there is a usage error.
   */
  private List<Source> sources() {
    List<Source> out = new ArrayList<>();
    for (String in : inputs) {
      if (in.equals("-")) {
        out.add(new Source("-", Path.of("-")));
        continue;
      }
      Path p = Path.of(in);
      if (Files.isRegularFile(p)) {
        out.add(new Source(in, p));
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> !hidden(p.relativize(f)))
              .sorted(Comparator.comparing(Path::toString))
              .forEach(f -> out.add(new Source(f.toString(), f)));
        } catch (IOException e) {
          throw new CliException("cannot list " + in + ": " + ApiClient.describe(e), null, 2);
        }
      } else {
        throw new CliException(
            "no such file or directory: " + in, "give files, directories or - (standard input)", 2);
      }
    }
    return out;
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Progress on standard error: a bar redrawn in place on a terminal, a plain line every few
   * seconds otherwise (logs, CI), nothing with {@code --quiet}.
   */
  static final class Progress {
    enum Mode {
      BAR,
      LINES,
      NONE
    }

    private static final long BAR_EVERY = 100_000_000L;
    private static final long LINE_EVERY = 5_000_000_000L;

    private final PrintWriter err;
    private final Mode mode;
    private int files;
    private int filesDone;
    private int fileValues;
    private long fileBase;
    private long started;
    private long last;
    private IngestTally tally = new IngestTally(() -> {});

    Progress(PrintWriter err, Mode mode) {
      this.err = err;
      this.mode = mode;
    }

    /** A bar when the process has a terminal, lines otherwise. */
    static Mode mode() {
      return terminal() ? Mode.BAR : Mode.LINES;
    }

    private static boolean terminal() {
      java.io.Console c = System.console();
      if (c == null) {
        return false;
      }
      try {
        // JDK 22+ has a console even when redirected; isTerminal() says whether it is one.
        Method m = java.io.Console.class.getMethod("isTerminal");
        return (Boolean) m.invoke(c);
      } catch (ReflectiveOperationException e) {
        return true;
      }
    }

    void start(int files, IngestTally tally) {
      this.files = files;
      this.tally = tally;
      this.started = System.nanoTime();
      this.last = started;
    }

    /** The current file holds {@code values} values: the bar moves through it as they are done. */
    void fileRead(int values) {
      fileValues = values;
      fileBase = tally.done();
    }

    int filesDone() {
      return filesDone;
    }

    void fileDone() {
      filesDone++;
      tick();
    }

    void tick() {
      long now = System.nanoTime();
      long every = mode == Mode.BAR ? BAR_EVERY : LINE_EVERY;
      if (mode == Mode.NONE || now - last < every) {
        return;
      }
      last = now;
      draw(now);
    }

    void finish() {
      if (mode == Mode.NONE) {
        return;
      }
      draw(System.nanoTime());
      if (mode == Mode.BAR) {
        err.println();
      }
      err.flush();
    }

    private void draw(long now) {
      double seconds = Math.max(1e-3, (now - started) / 1e9);
      long rate = Math.round(tally.done() / seconds);
      String counts =
          String.format("%,d/%,d files, %,d values, %,d/s", filesDone, files, tally.done(), rate);
      if (mode == Mode.BAR) {
        int width = 30;
        double inFile =
            fileValues == 0 ? 0 : Math.min(1.0, (tally.done() - fileBase) / (double) fileValues);
        double fraction = files == 0 ? 1 : Math.min(1.0, (filesDone + inFile) / files);
        int filled = (int) (fraction * width);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + counts + "   ");
      } else {
        err.println("custody: ingest: " + counts);
      }
      err.flush();
    }
  }
}
