package io.pumpops.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.dashboard.view.DriftThreshold;
import io.pumpops.features.drift.DriftThresholds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardPropertiesTest {

  @Test
  void withoutDriftThresholdsTheChartDrawsDriftServicesDefaultFloor() {
    assertThat(new DashboardProperties(500, Duration.ofMillis(500), null).thresholds())
        .containsExactly(new DriftThreshold("psi", DriftThresholds.DEFAULTS.psi()));
  }

  @Test
  void configuredThresholdsAreDrawnInstead() {
    assertThat(
            new DashboardProperties(500, Duration.ofMillis(500), List.of("psi:0.3", "ks:0.01"))
                .thresholds())
        .containsExactly(new DriftThreshold("psi", 0.3), new DriftThreshold("ks", 0.01));
  }
}
