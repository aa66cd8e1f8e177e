package io.pumpops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class PumpopsTest {

  @Command(name = "measure", description = "A command another module adds.")
  static final class Measure implements Callable<Integer> {
    @Override
    public Integer call() {
      return 42;
    }
  }

  @Test
  void runsTheCommandsOfEveryCommandSetAndListsThemInsteadOfTheFooter() {
    CommandSet measuring = () -> List.of(new Measure());
    CommandLine line = Pumpops.commandLine(List.of(measuring));

    assertThat(line.getSubcommands()).containsKeys("measure", "stack", "demo", "models");
    assertThat(line.execute("measure")).isEqualTo(42);
    assertThat(help(line)).contains("measure").doesNotContain("the bench module");
  }

  @Test
  void withoutTheBenchModuleTheHelpSaysWhereItsCommandsAre() {
    CommandLine line = Pumpops.commandLine(List.of());

    assertThat(line.getSubcommands()).doesNotContainKey("bench");
    assertThat(help(line)).contains("bench <name>", "evaluate");
    // This module's own class path has no CommandSet: bench depends on cli, not the other way.
    assertThat(Pumpops.commandLine().getSubcommands()).doesNotContainKey("bench");
  }

  private static String help(CommandLine line) {
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.execute("--help");
    return out.toString();
  }
}
