package io.pumpops.training.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyMetricsTest {

  @Test
  void pointWiseMetricsFromAlarmsAndLabels() {
    // 2 true positives, 1 false positive, 1 missed, 4 true negatives
    AnomalyMetrics m =
        AnomalyMetrics.of(
            List.of(true, true, true, false, false, false, false, false),
            List.of(true, true, false, true, false, false, false, false));

    assertThat(m.precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.falseAlarmRate()).isCloseTo(1.0 / 5, within(1e-12));
    assertThat(m.missedAlarmRate()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void withoutLabelsOnlyTheFalseAlarmRateIsReported() {
    AnomalyMetrics m = AnomalyMetrics.of(List.of(true, false, false, false), null);

    assertThat(m.asMap("holdout."))
        .containsOnlyKeys("holdout.windows", "holdout.alarms", "holdout.falseAlarmRate")
        .containsEntry("holdout.falseAlarmRate", 0.25);
  }

  @Test
  void falseAlarmsPerPumpDayCountOnlyNormalWindowsEachStandingForOneHop() {
    // A pump-day of one-minute hops is 1,440 normal windows; two alarms among them, and ten
    // labelled anomalous windows (alarmed or not) that are no pump's normal time.
    List<Boolean> alarms = new java.util.ArrayList<>(java.util.Collections.nCopies(1440, false));
    alarms.set(7, true);
    alarms.set(700, true);
    List<Boolean> labels = new java.util.ArrayList<>(java.util.Collections.nCopies(1440, false));
    alarms.addAll(java.util.Collections.nCopies(10, true));
    labels.addAll(java.util.Collections.nCopies(10, true));

    AnomalyMetrics m = AnomalyMetrics.of(alarms, labels);

    assertThat(m.falseAlarmsPerPumpDay(java.time.Duration.ofMinutes(1)))
        .isCloseTo(2.0, within(1e-12));
    assertThat(m.falseAlarmsPerPumpDay(java.time.Duration.ofMinutes(5)))
        .isCloseTo(0.4, within(1e-12));
    assertThat(
            AnomalyMetrics.of(List.of(true), List.of(true))
                .falseAlarmsPerPumpDay(java.time.Duration.ofMinutes(1)))
        .isNaN();
  }
}
