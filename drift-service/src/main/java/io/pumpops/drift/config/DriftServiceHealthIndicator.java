package io.pumpops.drift.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.drift.DriftServiceApp;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** UP while Kafka Streams is running or rebalancing; DOWN once it has failed or stopped. */
@Singleton
final class DriftServiceHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final DriftServiceApp app;

  DriftServiceHealthIndicator(DriftServiceApp app) {
    this.app = app;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    KafkaStreams.State state = app.state();
    healthStatus =
        state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED
            ? HealthStatus.UP
            : HealthStatus.DOWN;
    return Map.of("kafkaStreams", state.name());
  }

  @Override
  protected String getName() {
    return "driftService";
  }
}
