package io.pumpops.ingest.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.ingest.IngestService;
import io.pumpops.ingest.health.IngestHealth;
import io.pumpops.ingest.kafka.TelemetryPublisher;
import io.pumpops.ingest.mqtt.MqttSettings;
import io.pumpops.ingest.mqtt.TelemetrySource;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.telemetry.TelemetryValidator;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Builds the {@link IngestService} from configuration and starts it with the application. */
@Factory
class IngestFactory {

  @Context
  @Bean(preDestroy = "close")
  IngestService ingestService(
      MqttProperties mqtt,
      IngestProperties ingest,
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrapServers,
      @Property(name = "pumpops.schema-registry.url") String registryUrl,
      MeterRegistry metrics) {
    TelemetryRules rules = ingest.rules();
    MqttSettings settings =
        new MqttSettings(
            mqtt.url(),
            Optional.ofNullable(mqtt.username()),
            Optional.ofNullable(mqtt.password()),
            MqttSettings.clientIdFor(mqtt.clientId(), IngestFactory::hostName),
            mqtt.protocolVersion(),
            mqtt.sharedGroup(),
            mqtt.topicFilter(),
            mqtt.edgeTopicFilters() == null ? List.of() : mqtt.edgeTopicFilters(),
            mqtt.maxInflight(),
            mqtt.sessionExpiry(),
            mqtt.resubscribeInterval() == null
                ? MqttSettings.DEFAULT_RESUBSCRIBE_INTERVAL
                : mqtt.resubscribeInterval());
    IngestService service =
        new IngestService(
            TelemetrySource.of(settings),
            new TelemetryValidator(rules),
            new TelemetryPublisher(
                bootstrapServers,
                SchemaRegistryClient.of(registryUrl),
                ingest.kafkaMaxBlock(),
                rules.maxPayloadBytes()),
            metrics,
            Clock.systemUTC());
    service.start();
    return service;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "pumpops.mqtt.client-id uses {host}, and this machine's host name is unknown", e);
    }
  }

  @Singleton
  @Bean(preDestroy = "close")
  IngestHealth ingestHealth(
      IngestService ingest, @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap) {
    return new IngestHealth(ingest, bootstrap);
  }

  @Singleton
  HealthIndicator health(IngestHealth health) {
    return new ServiceHealthIndicator("ingest", health);
  }
}
