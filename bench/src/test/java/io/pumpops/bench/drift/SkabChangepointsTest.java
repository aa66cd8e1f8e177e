package io.pumpops.bench.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.simulator.SkabRecording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SkabChangepointsTest {

  private static final List<String> CHANNELS =
      List.copyOf(new TreeSet<>(SkabRecording.COLUMNS.values()));

  /**
   * 1,000 readings of steady noise on every channel; from reading 700 to 899 three channels step up
   * by five of their standard deviations (a labelled fault), as a valve fault moves several
   * channels at once.
   */
  private static SkabRecording stepAt700(long seed) {
    Random random = new Random(seed);
    List<SkabRecording.Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      boolean fault = i >= 700 && i < 900;
      Map<String, Double> values = new TreeMap<>();
      for (int c = 0; c < CHANNELS.size(); c++) {
        values.put(CHANNELS.get(c), 10 + random.nextGaussian() + (fault && c < 3 ? 5 : 0));
      }
      rows.add(new SkabRecording.Row(Duration.ofSeconds(i), values, fault, i == 700 || i == 900));
    }
    return new SkabRecording("synthetic/step.csv", rows, true);
  }

  @Test
  void aStepInSeveralChannelsIsFoundSoonAfterItsOnsetByEveryDetector() {
    Map<String, SkabChangepoints.Result> results =
        new SkabChangepoints(120, 20).run(List.of(stepAt700(1)));

    assertThat(results).containsOnlyKeys(DriftBench.DETECTORS);
    results.forEach(
        (detector, result) -> {
          assertThat(result.recordings()).as(detector).isEqualTo(1);
          assertThat(result.detected()).as(detector).isEqualTo(1);
        });
    // A window alarms once the step fills a fifth of it or so; the policy wants three such windows.
    assertThat(results.get("psi").medianDelay()).isLessThanOrEqualTo(60);
    assertThat(results.get("policy").medianDelay())
        .isBetween(results.get("psi").medianDelay(), 120.0);
    assertThat(results.get("pageHinkley").medianDelay()).isLessThanOrEqualTo(60);
  }

  @Test
  void steadyNoiseBeforeTheOnsetGivesThePolicyNoReasonToAlarm() {
    Map<String, SkabChangepoints.Result> results =
        new SkabChangepoints(120, 20).run(List.of(stepAt700(2)));

    SkabChangepoints.Result policy = results.get("policy");
    assertThat(policy.chances())
        .isEqualTo(10); // windows of 120 from reading 400 every 20 that end by 700
    assertThat(policy.falseAlarms()).isZero();
    assertThat(policy.falseAlarmsPer10k()).isZero();
  }
}
