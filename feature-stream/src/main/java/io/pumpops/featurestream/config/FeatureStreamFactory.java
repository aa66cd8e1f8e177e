package io.pumpops.featurestream.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.features.FeatureSpec;
import io.pumpops.featurestream.FeatureStreamApp;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import jakarta.inject.Singleton;

/** Builds the {@link FeatureStreamApp} from configuration and starts it with the application. */
@Factory
class FeatureStreamFactory {

  @Context
  @Bean(preDestroy = "close")
  FeatureStreamApp featureStream(
      FeatureStreamProperties properties,
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrapServers,
      @Property(name = "pumpops.schema-registry.url") String registryUrl,
      MeterRegistry metrics) {
    FeatureSpec spec = FeatureSpec.PUMP_V1;
    FeatureStreamApp app =
        new FeatureStreamApp(
            new FeatureStreamApp.Settings(
                bootstrapServers,
                properties.applicationId(),
                properties.stateDirectory(),
                properties.topology(spec),
                properties.commitInterval(),
                properties.streamThreadsOrDefault(),
                properties.sessionTimeoutOrDefault()),
            SchemaRegistryClient.of(registryUrl));
    app.bindMetrics(metrics);
    app.start();
    return app;
  }

  /** UP while Kafka Streams runs or rebalances; DOWN once it has failed or stopped. */
  @Singleton
  HealthIndicator health(FeatureStreamApp app) {
    return new ServiceHealthIndicator("featureStream", app::health);
  }
}
