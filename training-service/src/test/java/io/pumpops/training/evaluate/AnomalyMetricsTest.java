package io.pumpops.training.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyMetricsTest {

  @Test
  void pointWiseMetricsFromAlarmsAndLabels() {
    // 2 true positives, 1 false positive, 1 missed, 4 true negatives
    AnomalyMetrics m = AnomalyMetrics.of(List.of(true, true, true, false, false, false, false, false),
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

    assertThat(m.asMap("holdout.")).containsOnlyKeys("holdout.windows", "holdout.alarms", "holdout.falseAlarmRate")
        .containsEntry("holdout.falseAlarmRate", 0.25);
  }
}
