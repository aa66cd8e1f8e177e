package io.pumpops.bench;

import io.pumpops.bench.evaluate.EvaluateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The measuring half of the {@code pumpops} command line: {@code pumpops bench <name>} and {@code
 * pumpops evaluate}. The launcher sends those two words here; everything else goes to the operator
 * CLI in local-stack.
 */
@Command(
    name = "pumpops",
    mixinStandardHelpOptions = true,
    subcommands = {BenchCommand.class, EvaluateCommand.class},
    description =
        "Benchmarks and model evaluation: figures a user can reproduce, one command each.")
public final class BenchMain {

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
