package io.pumpops.registry.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.registry.ModelRegistry;
import io.pumpops.registry.artifacts.ArtifactStore;
import io.pumpops.registry.artifacts.DirectoryArtifactStore;
import io.pumpops.registry.log.KafkaRegistryLog;
import io.pumpops.registry.log.RegistryLog;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the registry from configuration and rebuilds its state from the log before serving. */
@Factory
class RegistryFactory {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryFactory.class);

  @Singleton
  ArtifactStore artifactStore(RegistryProperties properties) throws IOException {
    return new DirectoryArtifactStore(properties.artifactDirectory());
  }

  @Singleton
  @Bean(preDestroy = "close")
  RegistryLog registryLog(
      RegistryProperties properties,
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrapServers,
      @Property(name = "pumpops.schema-registry.url") String registryUrl) {
    return new KafkaRegistryLog(
        bootstrapServers,
        properties.transactionalId(),
        SchemaRegistryClient.of(registryUrl),
        properties.readTimeout());
  }

  @Context
  ModelRegistry modelRegistry(
      RegistryLog log, ArtifactStore artifacts, RegistryProperties properties) {
    ModelRegistry registry = new ModelRegistry(log, artifacts, Clock.systemUTC());
    registry.rebuild();
    LOG.info(
        "registry rebuilt from the log: {} models, chain head at sequence {}, {} entries refused",
        registry.models().size(),
        registry.headSequence(),
        registry.rejectedEntries());
    return registry;
  }

  /**
   * UP once the state is rebuilt. Reports how many log entries were refused for not extending the
   * hash chain: more than zero means someone wrote to mlops.registry-log behind the registry's
   * back.
   */
  @Singleton
  HealthIndicator health(ModelRegistry registry) {
    return new ServiceHealthIndicator(
        "registry",
        () ->
            Health.of(
                true,
                Map.of(
                    "models",
                    registry.models().size(),
                    "chainHeadSequence",
                    registry.headSequence(),
                    "refusedLogEntries",
                    registry.rejectedEntries())));
  }
}
