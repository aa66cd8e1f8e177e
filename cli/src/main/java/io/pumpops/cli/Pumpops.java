package io.pumpops.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pumpops} command: one subcommand per task, and the one main class behind {@code
 * ./pumpops}. Run {@code ./pumpops --help}. Modules on the class path add their commands through
 * {@link CommandSet} (bench adds {@code bench} and {@code evaluate}).
 */
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
    System.exit(commandLine().execute(args));
  }

  /** The command line with the commands of every {@link CommandSet} on the class path. */
  public static CommandLine commandLine() {
    return commandLine(ServiceLoader.load(CommandSet.class));
  }

  /** The command line with every command of {@code sets} added. */
  static CommandLine commandLine(Iterable<CommandSet> sets) {
    CommandLine line = new CommandLine(new Pumpops());
    boolean measuring = false;
    for (CommandSet set : sets) {
      for (Object command : set.commands()) {
        line.addSubcommand(command);
        measuring = true;
      }
    }
    if (measuring) {
      // The footer points to commands that are now listed above it.
      line.getCommandSpec().usageMessage().footer(new String[0]);
    }
    return line;
  }
}
