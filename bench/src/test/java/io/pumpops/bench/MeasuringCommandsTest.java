package io.pumpops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.cli.Pumpops;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MeasuringCommandsTest {

  @Test
  void theOneMainClassFindsBenchAndEvaluateOnThisModulesClassPath() {
    CommandLine line = Pumpops.commandLine();

    assertThat(line.getSubcommands()).containsKeys("bench", "evaluate", "demo", "stack");
    assertThat(line.getSubcommands().get("bench").getSubcommands())
        .containsKeys("drift", "features", "loop", "ingest", "alarms", "edge");

    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    assertThat(line.execute("bench", "--help")).isZero();
    assertThat(out.toString()).contains("Runs one benchmark");
  }
}
