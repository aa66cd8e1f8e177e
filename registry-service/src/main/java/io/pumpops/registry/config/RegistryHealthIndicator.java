package io.pumpops.registry.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.registry.ModelRegistry;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * UP once the state is rebuilt. Reports how many log entries were refused for not extending the
 * hash chain: more than zero means someone wrote to mlops.registry-log behind the registry's back.
 */
@Singleton
final class RegistryHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final ModelRegistry registry;

  RegistryHealthIndicator(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = HealthStatus.UP;
    return Map.of(
        "models",
        registry.models().size(),
        "chainHeadSequence",
        registry.headSequence(),
        "refusedLogEntries",
        registry.rejectedEntries());
  }

  @Override
  protected String getName() {
    return "registry";
  }
}
