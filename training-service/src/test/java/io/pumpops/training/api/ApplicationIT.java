package io.pumpops.training.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service as deployed: configuration, health, metrics and clear refusals of bad requests.
 * Training through it, end to end with the registry, is loop-tests' RetrainOnDriftIT.
 */
@ExtendWith(LocalStackExtension.class)
class ApplicationIT {

  private final StackAddresses stack;
  private final HttpClient http = HttpClient.newHttpClient();

  ApplicationIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void reportsHealthAndMetricsAndRefusesBadRequestsWithAReason() throws Exception {
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "micronaut.server.port", -1,
        "pumpops.kafka.bootstrap-servers", stack.bootstrapServers(),
        "pumpops.schema-registry.url", stack.schemaRegistryUrl(),
        "pumpops.training.group-id", "training-application-it",
        "pumpops.training.schedule-every", "PT0S"))) {
      assertThat(send(server, "GET", "/health", null).body()).contains("\"triggerConsumer\":\"running\"")
          .contains("\"status\":\"UP\"");
      assertThat(send(server, "GET", "/prometheus", null).body()).contains("jvm_memory_used_bytes");

      HttpResponse<String> noModel = send(server, "POST", "/runs", "{}");
      HttpResponse<String> badLookback = send(server, "POST", "/runs", "{\"model\":\"m\",\"lookback\":\"6 hours\"}");
      HttpResponse<String> unknownRun = send(server, "GET", "/runs/run-unknown", null);

      assertThat(noModel.statusCode()).isEqualTo(400);
      assertThat(noModel.body()).contains("model is required");
      assertThat(badLookback.statusCode()).isEqualTo(400);
      assertThat(badLookback.body()).contains("not an ISO-8601 duration");
      assertThat(unknownRun.statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> send(EmbeddedServer server, String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
