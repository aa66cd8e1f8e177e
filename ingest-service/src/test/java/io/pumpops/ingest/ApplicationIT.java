package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pumpops.ingest.support.Sensors;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service as deployed: configuration from application.yml and properties, health, metrics. */
@ExtendWith(LocalStackExtension.class)
class ApplicationIT {

  private final StackAddresses stack;
  private final HttpClient http = HttpClient.newHttpClient();

  ApplicationIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void theApplicationIngestsAndReportsHealthAndPrometheusMetrics() throws Exception {
    String site = "app-" + UUID.randomUUID();
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("pumpops.kafka.bootstrap-servers", stack.bootstrapServers());
    properties.put("pumpops.schema-registry.url", stack.schemaRegistryUrl());
    properties.put("pumpops.mqtt.url", stack.mqttUrl());
    properties.put("pumpops.mqtt.client-id", "ingest-" + site);
    properties.put("pumpops.mqtt.shared-group", "g-" + site);
    properties.put("pumpops.mqtt.topic-filter", "pumps/" + site + "/+/telemetry");
    stack
        .mqttCredentials()
        .ifPresent(
            c -> {
              properties.put("pumpops.mqtt.username", c.username());
              properties.put("pumpops.mqtt.password", c.password());
            });

    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        Sensors sensors = new Sensors(stack, site);
        TopicReader<PumpReading> reader =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site));
        TopicReader<RejectedReading> dlq =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY_DLQ,
                r -> r.getSourceTopic().startsWith("pumps/" + site + "/"))) {
      sensors.publish("pump-1", Sensors.reading(1, Instant.now()));
      sensors.publish("pump-1", "{not json");

      assertThat(reader.awaitAtLeast(1, Duration.ofSeconds(60)))
          .extracting(PumpReading::getSeq)
          .containsExactly(1L);
      assertThat(dlq.awaitAtLeast(1, Duration.ofSeconds(60)))
          .extracting(RejectedReading::getReason)
          .containsExactly(RejectionReason.MALFORMED_JSON);
      HttpResponse<String> health = get(server, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"status\":\"UP\"")
          .contains("\"mqtt\":\"connected\"")
          .contains("\"kafka\":\"reachable\"");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                // Only the service's own lines, so that a failure shows what matters.
                String metrics =
                    get(server, "/prometheus")
                        .body()
                        .lines()
                        .filter(l -> l.startsWith("pumpops_"))
                        .collect(Collectors.joining("\n"));
                assertThat(metrics)
                    .contains("pumpops_ingest_received_total")
                    .contains("pumpops_ingest_accepted_total 1.0")
                    .contains("pumpops_ingest_rejected_total{reason=\"MALFORMED_JSON\"} 1.0")
                    .contains("pumpops_ingest_inflight")
                    .contains("pumpops_ingest_lag_seconds");
              });
    }
  }

  private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
