package io.pumpops.drift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.drift.policy.DriftStatistic;
import io.pumpops.features.drift.DriftThresholds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftServicePropertiesTest {

  @Test
  void withoutWatchThePolicyUsesTheOneDefaultFloor() {
    assertThat(properties(null).policy().thresholds())
        .isEqualTo(Map.of(DriftStatistic.PSI, DriftThresholds.DEFAULTS.psi()));
    assertThat(properties(List.of()).policy().thresholds())
        .isEqualTo(Map.of(DriftStatistic.PSI, DriftThresholds.DEFAULTS.psi()));
  }

  @Test
  void watchEntriesReplaceTheDefault() {
    assertThat(properties(List.of("psi:0.3", "wasserstein:0.15")).policy().thresholds())
        .isEqualTo(Map.of(DriftStatistic.PSI, 0.3, DriftStatistic.WASSERSTEIN, 0.15));
  }

  @Test
  void aMalformedOrUnknownEntryIsRefusedWithItsName() {
    assertThatThrownBy(() -> properties(List.of("psi")).policy())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'psi' is not label:threshold");
    assertThatThrownBy(() -> properties(List.of("chi2:1")).policy())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown statistic 'chi2'");
  }

  private static DriftServiceProperties properties(List<String> watch) {
    return new DriftServiceProperties(
        "drift-service",
        null,
        watch,
        4,
        2,
        0.8,
        2,
        Duration.ofHours(6),
        100,
        2.0,
        Duration.ofSeconds(1),
        null);
  }

  @Test
  void theSessionTimeoutIsKafkasUnlessSet() {
    assertThat(properties(List.of()).sessionTimeoutOrDefault()).isEqualTo(Duration.ofSeconds(45));
  }
}
