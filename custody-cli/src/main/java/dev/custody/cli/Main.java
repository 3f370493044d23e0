package dev.custody.cli;

import dev.custody.error.CustodyException;
import dev.custody.error.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code custody} command. Errors are one line {@code custody: error: <what>}, followed by a
 * {@code custody: hint: <what to do>} line where there is something to do.
 */
@Command(
    name = "custody",
    mixinStandardHelpOptions = true,
    version = "custody 0.1.0",
    description = "Tamper-evident provenance store.",
    subcommands = {
      ServeCommand.class,
      VerifyCommand.class,
      ReindexCommand.class,
      AttestCommand.class,
      IngestCommand.class,
      QueryCommands.Node.class,
      QueryCommands.Lineage.class,
      QueryCommands.Paths.class,
      QueryCommands.Search.class,
      QueryCommands.Gaps.class,
      QueryCommands.Coverage.class,
      QueryCommands.ExportProv.class,
      QueryCommands.Provenance.class,
      QueryCommands.Impact.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit status when the command line itself is wrong. */
  public static final int USAGE = 2;

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("custody: error: " + ex.getMessage());
      err.println("custody: hint: run 'custody " + commandName(ex) + "--help' for usage");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      err.println("custody: error: " + message(ex));
      String hint = hint(ex);
      if (hint != null) {
        err.println("custody: hint: " + hint);
      }
      if (ex instanceof CliException ce) {
        return ce.status();
      }
      return ex instanceof InvalidInputException ? USAGE : 1;
    });
    return cl.execute(args);
  }

  private static String commandName(CommandLine.ParameterException ex) {
    String name = ex.getCommandLine().getCommandName();
    return "custody".equals(name) ? "" : name + " ";
  }

  private static String message(Exception ex) {
    if (ex instanceof InvalidInputException ii && ii.field() != null) {
      return ii.detail();
    }
    String m = ex.getMessage();
    return m == null ? ex.getClass().getSimpleName() : m;
  }

  private static String hint(Exception ex) {
    if (ex instanceof CliException ce) {
      return ce.hint();
    }
    if (ex instanceof CustodyException) {
      return null;
    }
    return "this looks like a bug; please report it with the command you ran";
  }
}
