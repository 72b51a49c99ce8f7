package io.deepprove.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deepprove bench}: parent of the component benchmarks ({@code bench pcs}, {@code bench
 * lookup}, ...). Each subcommand prints its figures as text or, with {@code --json}, as one JSON
 * object whose keys are part of the CLI contract.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {BenchPcsCommand.class, BenchLookupCommand.class},
    description = {"Measure the prover's components on this machine."})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
