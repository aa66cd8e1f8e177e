package io.pumpops.featurestream.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.pumpops.features.FeatureSpec;
import io.pumpops.featurestream.FeatureStreamApp;
import io.pumpops.schemas.registry.SchemaRegistryClient;

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
                properties.commitInterval()),
            SchemaRegistryClient.of(registryUrl));
    app.bindMetrics(metrics);
    app.start();
    return app;
  }
}
