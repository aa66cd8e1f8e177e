package io.pumpops.drift.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.drift.DriftServiceApp;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import jakarta.inject.Singleton;
import org.slf4j.LoggerFactory;

/** Builds the {@link DriftServiceApp} from configuration and starts it with the application. */
@Factory
class DriftServiceFactory {

  @Context
  @Bean(preDestroy = "close")
  DriftServiceApp driftService(
      DriftServiceProperties properties,
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrapServers,
      @Property(name = "pumpops.schema-registry.url") String registryUrl,
      MeterRegistry metrics) {
    DriftServiceApp app =
        new DriftServiceApp(
            new DriftServiceApp.Settings(
                bootstrapServers,
                properties.applicationId(),
                properties.stateDirectory(),
                properties.policy(),
                properties.commitInterval(),
                properties.sessionTimeoutOrDefault()),
            SchemaRegistryClient.of(registryUrl));
    LoggerFactory.getLogger(DriftServiceFactory.class)
        .info("drift policy: {}", properties.policy().describe());
    app.bindMetrics(metrics);
    app.start();
    return app;
  }

  /** UP while Kafka Streams runs or rebalances; DOWN once it has failed or stopped. */
  @Singleton
  HealthIndicator health(DriftServiceApp app) {
    return new ServiceHealthIndicator("driftService", app::health);
  }
}
