package io.pumpops.dashboard.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.pumpops.dashboard.view.DriftThreshold;
import java.time.Duration;
import java.util.List;

/** {@code pumpops.dashboard.*}: see application.yml for each key's meaning and default. */
@ConfigurationProperties("pumpops.dashboard")
public record DashboardProperties(
    long liveBacklog, Duration sampleEvery, List<String> driftThresholds) {

  public List<DriftThreshold> thresholds() {
    return driftThresholds == null
        ? List.of()
        : driftThresholds.stream().map(DriftThreshold::parse).toList();
  }
}
