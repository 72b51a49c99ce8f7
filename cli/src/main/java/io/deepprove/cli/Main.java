package io.deepprove.cli;

import io.deepprove.sumcheck.SumcheckProver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deepprove} command line. */
@Command(
    name = "deepprove",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {SetupCommand.class, ProveCommand.class, VerifyCommand.class, InspectCommand.class, RunCommand.class, BenchCommand.class, ExamplesCommand.class},
    sortOptions = false,
    description = {
      "Succinct proofs that a committed ONNX model produced an output.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 success / proof valid, 1 proof invalid, 2 bad usage or bad input."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code for bad usage or bad input (file named in a one-line message). */
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code (for tests). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> EXIT_USAGE);
    // an unexpected failure is still one line, with the stack trace only under --verbose
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("deepprove: internal error: " + e + (verbose ? "" : " (rerun with --verbose for details)"));
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      }
      commandLine.getErr().flush();
      return EXIT_USAGE;
    });
    return cli.execute(args);
  }

  /** Prints a one-line error (and the stack trace with --verbose) and returns the usage exit code. */
  static int fail(PrintWriter err, String message, Exception e, boolean verbose) {
    err.println(message);
    if (verbose && e != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_USAGE;
  }

  @Override
  public void run() {
    // No subcommand: print usage, as `git` does, and exit successfully.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version Maven filtered into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "deepprove " + p.getProperty("version", "unknown"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})",
        "sum-check vector kernels: " + SumcheckProver.vectorKernels()
      };
    }
  }
}
