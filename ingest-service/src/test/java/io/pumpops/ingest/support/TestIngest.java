package io.pumpops.ingest.support;

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
import java.util.Optional;

/** Starts an {@link IngestService} against a test stack, scoped to one test's site. */
public final class TestIngest {

  private TestIngest() {}

  /**
   * @param siteId only this site's telemetry is subscribed to, so tests do not see each other's
   * @param group shared-subscription group of the instances of one test
   */
  public static IngestService start(
      StackAddresses stack,
      String clientId,
      String siteId,
      String group,
      int protocolVersion,
      SimpleMeterRegistry metrics) {
    return start(stack, clientId, siteId, List.of(), group, protocolVersion, metrics);
  }

  /**
   * @param edgeFilters gateway topics to forward as well
   */
  public static IngestService start(
      StackAddresses stack,
      String clientId,
      String siteId,
      List<String> edgeFilters,
      String group,
      int protocolVersion,
      SimpleMeterRegistry metrics) {
    return start(
        stack,
        clientId,
        siteId,
        edgeFilters,
        group,
        protocolVersion,
        TelemetryRules.defaults(),
        metrics);
  }

  /**
   * @param rules what validation accepts
   */
  public static IngestService start(
      StackAddresses stack,
      String clientId,
      String siteId,
      List<String> edgeFilters,
      String group,
      int protocolVersion,
      TelemetryRules rules,
      SimpleMeterRegistry metrics) {
    return start(
        stack,
        stack.mqttCredentials(),
        clientId,
        siteId,
        edgeFilters,
        group,
        protocolVersion,
        rules,
        metrics);
  }

  /**
   * @param login the MQTT identity ingest logs in as (empty: anonymously)
   */
  public static IngestService start(
      StackAddresses stack,
      Optional<MqttCredentials> login,
      String clientId,
      String siteId,
      List<String> edgeFilters,
      String group,
      int protocolVersion,
      TelemetryRules rules,
      SimpleMeterRegistry metrics) {
    MqttSettings settings =
        new MqttSettings(
            stack.mqttUrl(),
            login.map(MqttCredentials::username),
            login.map(MqttCredentials::password),
            clientId,
            protocolVersion,
            group,
            "pumps/" + siteId + "/+/telemetry",
            edgeFilters,
            500,
            Duration.ofMinutes(10));
    IngestService service =
        new IngestService(
            TelemetrySource.of(settings),
            new TelemetryValidator(rules),
            new TelemetryPublisher(
                stack.bootstrapServers(),
                SchemaRegistryClient.of(stack.schemaRegistryUrl()),
                Duration.ofSeconds(5),
                rules.maxPayloadBytes()),
            metrics,
            Clock.systemUTC());
    service.start();
    return service;
  }

  public static IngestService start(
      StackAddresses stack, String clientId, String siteId, String group) {
    return start(stack, clientId, siteId, group, 5, new SimpleMeterRegistry());
  }
}
