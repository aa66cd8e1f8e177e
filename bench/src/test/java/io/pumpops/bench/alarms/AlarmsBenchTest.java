package io.pumpops.bench.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
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

  private static final Path SKAB = Path.of("../../shared/data/skab").toAbsolutePath().normalize();

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

  /**
   * A SKAB rig in the fleet (ADR 21): its labelled faults are counted and, judged against its own
   * normal, at least half are alarmed; the synthetic pumps' seal leaks, which the fleet's figures
   * miss beside the rig, are found.
   */
  @Test
  void withASkabRigEachPumpsOwnBaselineFindsItsFaults(@TempDir Path out) throws Exception {
    assumeTrue(
        Files.isDirectory(SKAB),
        "SKAB data not found at " + SKAB + " (a clone without ../shared): test skipped");

    JsonNode own =
        smallRun(
            out.resolve("own"),
            "--hours",
            "4",
            "--skab",
            SKAB.toString(),
            "--pump-baselines",
            "60");
    JsonNode fleet = smallRun(out.resolve("fleet"), "--hours", "4", "--skab", SKAB.toString());

    assertThat(own.get("pumpBaselines").asInt()).isEqualTo(60);
    JsonNode rig = own.get("skab");
    // Four hours of a 20-minute experiment in a loop: a labelled fault in each pass.
    assertThat(rig.get("faults").asInt()).isBetween(11, 13);
    assertThat(rig.get("faultShareAlarmed").asDouble()).isGreaterThanOrEqualTo(0.5);
    assertThat(rig.get("faultShareFlagged").asDouble())
        .isGreaterThanOrEqualTo(rig.get("faultShareAlarmed").asDouble());
    // The fleet's figures, spread across two machine kinds, lose the synthetic pumps' seal leaks.
    assertThat(own.get("faults").get("SEAL_LEAK").get("alarmShareWithin5Min").asDouble())
        .isGreaterThan(fleet.get("faults").get("SEAL_LEAK").get("alarmShareWithin5Min").asDouble());
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
