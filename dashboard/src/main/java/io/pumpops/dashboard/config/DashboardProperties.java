package io.pumpops.dashboard.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.pumpops.dashboard.view.DriftThreshold;
import io.pumpops.features.drift.DriftThresholds;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.dashboard.*}: see application.yml for each key's meaning and default. Without
 * {@code drift-thresholds} the chart draws drift-service's default floor, from the one place it is
 * defined ({@link DriftThresholds#DEFAULTS}).
 */
@ConfigurationProperties("pumpops.dashboard")
public record DashboardProperties(
    long liveBacklog, Duration sampleEvery, @Nullable List<String> driftThresholds) {

  public List<DriftThreshold> thresholds() {
    return driftThresholds == null || driftThresholds.isEmpty()
        ? List.of(new DriftThreshold("psi", DriftThresholds.DEFAULTS.psi()))
        : driftThresholds.stream().map(DriftThreshold::parse).toList();
  }
}
