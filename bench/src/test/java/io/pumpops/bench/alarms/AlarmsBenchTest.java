package io.pumpops.bench.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The alarms benchmark on a small fleet: it counts what it should, and its figures are consistent.
 */
class AlarmsBenchTest {

  /** One fleet of three pumps with these options; the JSON it wrote. */
  private static JsonNode smallRun(Path out, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("--seeds", "1", "--pumps", "3"));
    args.addAll(List.of(options));
    args.addAll(List.of("--out", out.toString()));

    assertThat(new CommandLine(new AlarmsBench()).execute(args.toArray(String[]::new))).isZero();
    return new ObjectMapper().readTree(out.resolve("alarms.json").toFile());
  }

  @Test
  void aSmallRunWritesItsFiguresAndCatchesInjectedFaults(@TempDir Path out) throws Exception {
    JsonNode json = smallRun(out, "--hours", "4", "--train-hours", "3");

    JsonNode pooled = json.get("pooled");
    assertThat(pooled.get("pumpDays").asDouble()).isEqualTo(0.5);
    // An alarm needs several anomalous windows, so it can never outnumber the per-window events.
    assertThat(pooled.get("alarmsPerPumpDay").asDouble())
        .isLessThanOrEqualTo(pooled.get("windowEventsPerPumpDay").asDouble());
    for (String fault : new String[] {"BEARING_WEAR", "CAVITATION", "SEAL_LEAK"}) {
      JsonNode kind = json.get("faults").get(fault);
      assertThat(kind.get("faults").asInt()).as(fault).isEqualTo(3);
      assertThat(kind.get("windowShareWithin5Min").asDouble())
          .as(fault + " per window")
          .isGreaterThan(0);
      // An alarm opens no earlier than the first anomalous window of the episode.
      assertThat(kind.get("alarmMedianDelaySeconds").asLong())
          .as(fault)
          .isGreaterThanOrEqualTo(kind.get("windowMedianDelaySeconds").asLong());
    }
    assertThat(out.resolve("alarms.png")).exists();
  }

  @Test
  void withLabelledFaultsInTheTrainingDataTheFamilyIsChosenByF1(@TempDir Path out)
      throws Exception {
    JsonNode json =
        smallRun(
            out,
            "--hours",
            "2",
            "--train-hours",
            "4",
            "--family",
            "pca-t2-q,regression-residuals",
            "--labelled-faults",
            "3");

    assertThat(json.get("labelledFaults").asInt()).isEqualTo(3);
    assertThat(json.get("seeds").get(0).get("choice").asText())
        .contains("highest F1 over labelled and healthy windows");
    assertThat(
            new CommandLine(new AlarmsBench())
                .execute("--labelled-faults", "2", "--train-hours", "3"))
        .as("onsets in hours 1-3 need four hours of training data")
        .isNotZero();
  }

  @Test
  void badOptionsAreRefusedWithAMessage() {
    CommandLine cli = new CommandLine(new AlarmsBench());
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err, true));

    assertThat(cli.execute("--limits", "guess")).isNotZero();
    assertThat(cli.execute("--policy", "5/3/1/2.0")).isNotZero();
  }
}
