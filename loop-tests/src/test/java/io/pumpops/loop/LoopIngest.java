package io.pumpops.loop;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pumpops.ingest.IngestService;
import io.pumpops.ingest.kafka.TelemetryPublisher;
import io.pumpops.ingest.mqtt.MqttSettings;
import io.pumpops.ingest.mqtt.TelemetrySource;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.telemetry.TelemetryValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** ingest-service in the test's JVM, on the stack's central broker, started. */
final class LoopIngest {

  private LoopIngest() {}

  /**
   * @param clientId its MQTT client id, also its shared-subscription group (other instances join it
   *     under the same group)
   * @param topicFilter the pumps' readings it takes
   * @param edgeTopicFilters the gateways' batches (and other edge topics) it takes
   */
  static IngestService start(
      StackAddresses stack,
      SchemaRegistryClient registry,
      String clientId,
      String topicFilter,
      List<String> edgeTopicFilters,
      TelemetryRules rules) {
    MqttSettings settings =
        new MqttSettings(
            stack.mqttUrl(),
            stack.mqttCredentials().map(MqttCredentials::username),
            stack.mqttCredentials().map(MqttCredentials::password),
            clientId,
            5,
            clientId,
            topicFilter,
            edgeTopicFilters,
            500,
            Duration.ofMinutes(10));
    IngestService ingest =
        new IngestService(
            TelemetrySource.of(settings),
            new TelemetryValidator(rules),
            new TelemetryPublisher(
                stack.bootstrapServers(), registry, Duration.ofSeconds(5), rules.maxPayloadBytes()),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    ingest.start();
    return ingest;
  }
}
