package io.pumpops.deploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.localstack.ServiceCatalog;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.messaging.deadletter.DeadLetters;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.topics.Topics;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy-service as deployed, on the real stack: a rollout action (which can send the whole fleet
 * back to an old model) needs an operator's token, the service will not start without its signing
 * key, and an undecodable event becomes a dead letter rather than a log line.
 */
@ExtendWith(LocalStackExtension.class)
class RolloutAuthorizationIT {

  private static final String OPERATOR = "operator-token-deploy-it";
  private static final String SERVICE = "service-token-deploy-it";

  private final StackAddresses stack;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  RolloutAuthorizationIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void everyRolloutActionNeedsAnOperatorTokenWhileReadsStayOpen(@TempDir Path state)
      throws Exception {
    try (ServiceProcess deploy =
        ServiceProcess.start(
            "deploy-service",
            port -> {
              Map<String, String> env = environment(state, port);
              env.putAll(DevSigningKeys.generate().deployEnvironment());
              return env;
            },
            Duration.ofSeconds(90))) {
      for (String action : List.of("pause", "resume", "abort", "rollback")) {
        String path = "/rollouts/ro-none/" + action;
        assertThat(post(deploy, path, null).statusCode())
            .as(action + " without a token")
            .isEqualTo(401);
        assertThat(post(deploy, path, "not-a-token-of-this-service").statusCode())
            .as(action + " bad token")
            .isEqualTo(401);
        HttpResponse<String> asService = post(deploy, path, SERVICE);
        assertThat(asService.statusCode()).as(action + " as a service").isEqualTo(403);
        assertThat(asService.body()).contains("needs the role operator");
        // Past authorization, the action itself answers: there is no such rollout.
        assertThat(post(deploy, path, OPERATOR).statusCode())
            .as(action + " as an operator")
            .isEqualTo(404);
      }
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(deploy.baseUrl().resolve("/rollouts")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theServiceRefusesToStartWithoutASigningKeyAndNamesTheVariable(@TempDir Path state)
      throws Exception {
    Path log = state.resolve("deploy.log");
    assertThatThrownBy(
            () ->
                ServiceProcess.start(
                        ServiceProcess.Launch.of(
                            ServiceCatalog.get("deploy-service"),
                            ServiceProcess.moduleDir("deploy-service"),
                            0,
                            log,
                            "256m"),
                        port -> environment(state, port),
                        Duration.ofSeconds(90))
                    .close())
        .hasMessageContaining("exited");
    assertThat(Files.readString(log)).contains("PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY");
  }

  @Test
  void undecodableEventsAreDeadLetteredWithTheirOffsetAndTheServiceStaysHealthy(@TempDir Path state)
      throws Exception {
    String key = "garbage-" + run;
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (String topic : List.of(Topics.MODEL_PROMOTED.name(), Topics.EDGE_STATUS.name())) {
        raw.send(
                new ProducerRecord<>(
                    topic, key, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
    try (ServiceProcess deploy =
            ServiceProcess.start(
                "deploy-service",
                port -> {
                  Map<String, String> env = environment(state, port);
                  env.putAll(DevSigningKeys.generate().deployEnvironment());
                  return env;
                },
                Duration.ofSeconds(90));
        TopicReader<RejectedReading> letters =
            new TopicReader<>(
                stack,
                Topics.DEAD_LETTERS,
                d ->
                    "deploy-service".equals(d.getService())
                        && d.getMessage().contains("(key " + key + ")"))) {
      List<RejectedReading> read =
          letters.awaitUntil(
              l -> l.stream().map(RejectedReading::getSourceTopic).distinct().count() == 2,
              Duration.ofSeconds(60));
      assertThat(read)
          .allSatisfy(
              d -> {
                assertThat(d.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
                assertThat(d.getSourceOffset()).isNotNull();
                assertThat(DeadLetters.payloadBytes(d))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"not\": \"avro\"}");
              });
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(deploy.baseUrl().resolve("/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  /** The service's environment as an operator would give it: no development profile. */
  private Map<String, String> environment(Path state, int port) {
    Map<String, String> env = stack.serviceEnvironment();
    env.remove("MICRONAUT_ENVIRONMENTS");
    env.put("PUMPOPS_MQTT_CLIENT_ID", "deploy-" + run);
    env.put("PUMPOPS_DEPLOY_GROUP_ID", "deploy-" + run);
    env.put("PUMPOPS_DEPLOY_MODELS", "model-" + run);
    env.put("PUMPOPS_DEPLOY_STATE_DIRECTORY", state.resolve("deploy").toString());
    env.put("PUMPOPS_DEPLOY_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("PUMPOPS_AUTH_TOKENS", "op:operator=" + OPERATOR + ",svc:service=" + SERVICE);
    return env;
  }

  private HttpResponse<String> post(ServiceProcess deploy, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(deploy.baseUrl().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"it\"}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
