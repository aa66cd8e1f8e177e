package io.pumpops.deploy.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.deploy.delivery.MqttDesiredState;
import io.pumpops.deploy.rollout.RolloutManager;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * DOWN when the listeners have stopped or the MQTT broker is unreachable (desired state would only
 * be queued); details say how many gateways and rollouts deploy-service knows.
 */
@Singleton
final class DeployHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final DeployFactory.Listeners listeners;
  private final MqttDesiredState desired;
  private final RolloutManager rollouts;

  DeployHealthIndicator(
      DeployFactory.Listeners listeners, MqttDesiredState desired, RolloutManager rollouts) {
    this.listeners = listeners;
    this.desired = desired;
    this.rollouts = rollouts;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean up = listeners.running() && desired.connected();
    healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of(
        "listeners",
        listeners.running() ? "running" : "stopped",
        "mqtt",
        desired.connected() ? "connected" : "disconnected",
        "gateways",
        rollouts.directory().all().size(),
        "activeRollouts",
        rollouts.rollouts().stream().filter(r -> r.state.active()).count());
  }

  @Override
  protected String getName() {
    return "deploy";
  }
}
