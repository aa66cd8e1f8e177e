package io.pumpops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pumpops} command: one subcommand per task. Run {@code ./pumpops --help}. */
@Command(
    name = "pumpops",
    mixinStandardHelpOptions = true,
    version = "PumpOps 0.1.0",
    description = "Keeps anomaly models fresh on pumps at the edge.",
    footer = {
      "",
      "Measuring (the bench module, through the same ./pumpops launcher):",
      "  bench <name>      benchmarks: ./pumpops bench --help",
      "  evaluate          the SKAB protocol on a folder: ./pumpops evaluate --skab <dir>"
    },
    subcommands = {
      StackCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      ConsumeCommand.class,
      ReplayCommand.class,
      ModelCommands.class,
      RunCommands.class,
      DriftCommands.class,
      AlarmsCommand.class,
      TopicsCommand.class,
      TrainingCommands.Train.class,
      TrainingCommands.Retrain.class,
      PromoteCommand.class,
      RolloutCommands.class,
      KeygenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Pumpops {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Pumpops()).execute(args));
  }
}
