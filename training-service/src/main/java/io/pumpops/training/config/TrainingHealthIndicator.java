package io.pumpops.training.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.training.trigger.TrainingCoordinator;
import io.pumpops.training.trigger.TriggerListener;
import jakarta.inject.Singleton;
import java.util.Map;

/** UP while the trigger consumer runs; reports the runs waiting or running. */
@Singleton
final class TrainingHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final TriggerListener listener;
  private final TrainingCoordinator coordinator;

  TrainingHealthIndicator(TriggerListener listener, TrainingCoordinator coordinator) {
    this.listener = listener;
    this.coordinator = coordinator;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = listener.isRunning() ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of(
        "triggerConsumer",
        listener.isRunning() ? "running" : "stopped",
        "activeRuns",
        coordinator.activeRuns());
  }

  @Override
  protected String getName() {
    return "training";
  }
}
