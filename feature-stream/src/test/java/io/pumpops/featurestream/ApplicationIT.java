package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as deployed: configuration from application.yml, health from Kafka Streams' state,
 * metrics.
 */
@ExtendWith(LocalStackExtension.class)
class ApplicationIT {

  private final StackAddresses stack;
  private final HttpClient http = HttpClient.newHttpClient();

  ApplicationIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void theApplicationRunsTheTopologyAndReportsHealthAndMetrics(@TempDir Path state)
      throws Exception {
    Map<String, Object> properties =
        Map.of(
            "micronaut.server.port", -1,
            "pumpops.kafka.bootstrap-servers", stack.bootstrapServers(),
            "pumpops.schema-registry.url", stack.schemaRegistryUrl(),
            "pumpops.feature-stream.application-id", "feature-stream-app-it-" + UUID.randomUUID(),
            "pumpops.feature-stream.state-directory", state.toString());

    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(get(server, "/health").body())
                      .contains("\"kafkaStreams\":\"RUNNING\"")
                      .contains("\"status\":\"UP\""));
      assertThat(get(server, "/prometheus").body()).contains("kafka_stream");
    }
  }

  private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
