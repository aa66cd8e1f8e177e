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
import java.util.List;
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
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "pumpops.kafka.bootstrap-servers",
                stack.bootstrapServers(),
                "pumpops.schema-registry.url",
                stack.schemaRegistryUrl(),
                "pumpops.training.group-id",
                "training-application-it",
                "pumpops.training.schedule-every",
                "PT0S",
                "pumpops.auth.tokens",
                List.of("op:operator=" + OPERATOR, "svc:service=" + SERVICE)))) {
      assertThat(send(server, "GET", "/health", null, null).body())
          .contains("\"triggerConsumer\":\"running\"")
          .contains("\"status\":\"UP\"");
      assertThat(send(server, "GET", "/prometheus", null, null).body())
          .contains("jvm_memory_used_bytes");

      HttpResponse<String> noModel = send(server, "POST", "/runs", "{}", OPERATOR);
      HttpResponse<String> badLookback =
          send(
              server,
              "POST",
              "/runs",
              "{\"model\":\"pump-anomaly\",\"lookback\":\"6 hours\"}",
              OPERATOR);
      HttpResponse<String> negative =
          send(
              server,
              "POST",
              "/runs",
              "{\"model\":\"pump-anomaly\",\"lookback\":\"-PT1H\"}",
              OPERATOR);
      HttpResponse<String> notOurs =
          send(server, "POST", "/runs", "{\"model\":\"../etc\"}", OPERATOR);
      HttpResponse<String> unknownRun = send(server, "GET", "/runs/run-unknown", null, null);
      HttpResponse<String> unknownRebuild =
          send(server, "GET", "/runs/rebuild/run-unknown", null, null);
      HttpResponse<String> noVersion =
          send(server, "POST", "/runs/rebuild", "{\"model\":\"m\",\"version\":0}", OPERATOR);
      HttpResponse<String> notJson = send(server, "POST", "/runs/rebuild", "{model: m", OPERATOR);
      HttpResponse<String> hostileName =
          send(
              server,
              "POST",
              "/runs/rebuild",
              "{\"model\":\"../../etc/passwd\",\"version\":1}",
              OPERATOR);

      assertThat(noModel.statusCode()).isEqualTo(400);
      assertThat(noModel.body()).contains("model is required");
      assertThat(badLookback.statusCode()).isEqualTo(400);
      assertThat(badLookback.body()).contains("not an ISO-8601 duration");
      assertThat(negative.statusCode()).isEqualTo(400);
      assertThat(negative.body()).contains("must be positive");
      assertThat(notOurs.statusCode()).isEqualTo(404);
      assertThat(notOurs.body()).contains("does not train");
      assertThat(unknownRun.statusCode()).isEqualTo(404);
      assertThat(unknownRebuild.statusCode()).isEqualTo(404);
      assertThat(unknownRebuild.body()).contains("no rebuild run-unknown");
      assertThat(noVersion.statusCode()).isEqualTo(400);
      assertThat(noVersion.body()).contains("a version of 1 or more");
      assertThat(notJson.statusCode()).isEqualTo(400);
      // A name is only ever a path segment of the registry's API, escaped; no such version here.
      assertThat(hostileName.statusCode()).isEqualTo(422);
      assertThat(hostileName.body()).contains("cannot rebuild ../../etc/passwd:1");

      // Training on demand and rebuilds are an operator's: no token 401, a service's token 403.
      for (String path : List.of("/runs", "/runs/rebuild")) {
        assertThat(send(server, "POST", path, "{\"model\":\"m\",\"version\":1}", null).statusCode())
            .as(path)
            .isEqualTo(401);
        HttpResponse<String> asService =
            send(server, "POST", path, "{\"model\":\"m\",\"version\":1}", SERVICE);
        assertThat(asService.statusCode()).as(path).isEqualTo(403);
        assertThat(asService.body()).contains("needs the role operator");
      }
    }
  }

  private static final String OPERATOR = "operator-token-for-it";
  private static final String SERVICE = "service-token-for-it";

  private HttpResponse<String> send(
      EmbeddedServer server, String method, String path, String json, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.getURL() + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
