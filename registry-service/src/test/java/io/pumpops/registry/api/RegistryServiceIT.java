package io.pumpops.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pumpops.cli.Pumpops;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.RegistryEntry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * registry-service as deployed, on the real stack: REST API, artifact store, events, rebuild from
 * mlops.registry-log, audit verification. The tamper test runs last: the log is shared by the test
 * run, and a forged entry stays on it.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryServiceIT {

  private static final String TOKEN = "it-registry-token";
  private static final String OPERATOR_TOKEN = "alice-operator-token";

  @TempDir static Path artifacts;

  private final StackAddresses stack;
  private final HttpClient http = HttpClient.newHttpClient();

  RegistryServiceIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  @Order(1)
  void writesWithoutAValidTokenAreRefusedWithAJsonReason() throws Exception {
    try (EmbeddedServer server = start()) {
      HttpResponse<String> none = send(server, "POST", "/models", "{\"name\":\"x\"}", null);
      HttpResponse<String> wrong =
          send(server, "POST", "/models", "{\"name\":\"x\"}", "not-the-token");

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body())
          .contains("\"message\":\"writes need an 'Authorization: Bearer <token>' header\"");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(send(server, "GET", "/models/x", null, null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  @Order(2)
  void everyWriteWithoutItsRoleIsForbiddenAndSaysWhichRoleItNeeds() throws Exception {
    try (EmbeddedServer server = start()) {
      // An operator registers no versions and uploads no artifacts: that is the services' part.
      HttpResponse<String> register =
          send(
              server,
              "POST",
              "/models/x/versions",
              versionJson("a".repeat(64), null, "run-x"),
              OPERATOR_TOKEN);
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(URI.create(server.getURL() + "/artifacts/" + "a".repeat(64)))
                  .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                  .header("Content-Type", "application/octet-stream")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(register.statusCode()).isEqualTo(403);
      assertThat(register.body())
          .contains("alice may not POST /models/x/versions: it needs the role service");
      assertThat(upload.statusCode()).isEqualTo(403);
      // Without any token, every write is 401, whatever its role.
      for (String[] write :
          new String[][] {
            {"POST", "/models"},
            {"POST", "/models/x/versions"},
            {"POST", "/models/x/versions/1/archive"},
            {"PUT", "/models/x/aliases/champion"},
            {"DELETE", "/models/x/aliases/champion"},
            {"PUT", "/artifacts/" + "a".repeat(64)}
          }) {
        assertThat(send(server, write[0], write[1], "{}", null).statusCode())
            .as(write[0] + " " + write[1])
            .isEqualTo(401);
      }
    }
  }

  @Test
  @Order(2)
  void anUploadWhoseBytesDoNotMatchTheirHashIsRefused() throws Exception {
    try (EmbeddedServer server = start()) {
      String declared = sha256("the model".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> response =
          upload(server, declared, "something else".getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.body())
          .contains("hash to " + sha256("something else".getBytes(StandardCharsets.UTF_8)));
      assertThat(send(server, "GET", "/artifacts/" + declared, null, null).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  @Order(3)
  void registrationAndPromotionAreEventsAndTheRestartedRegistryAnswersTheSame() throws Exception {
    String model = "pump-anomaly-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] onnx = ("onnx of " + model).getBytes(StandardCharsets.UTF_8);
    byte[] profile = "{\"specVersion\":\"pump-v1\"}".getBytes(StandardCharsets.UTF_8);
    String before;
    String audit;
    try (TopicReader<ModelRegistered> registered =
            new TopicReader<>(stack, Topics.MODEL_REGISTERED, r -> r.getModelName().equals(model));
        TopicReader<ModelPromoted> promoted =
            new TopicReader<>(stack, Topics.MODEL_PROMOTED, p -> p.getModelName().equals(model));
        EmbeddedServer server = start()) {
      assertThat(
              send(
                      server,
                      "POST",
                      "/models",
                      "{\"name\":\"" + model + "\",\"description\":\"PCA\"}",
                      TOKEN)
                  .statusCode())
          .isEqualTo(201);
      assertThat(upload(server, sha256(onnx), onnx).statusCode()).isEqualTo(201);
      assertThat(upload(server, sha256(profile), profile).statusCode()).isEqualTo(201);

      String version = versionJson(sha256(onnx), sha256(profile), "run-1");
      HttpResponse<String> created =
          send(server, "POST", "/models/" + model + "/versions", version, TOKEN);
      HttpResponse<String> again =
          send(server, "POST", "/models/" + model + "/versions", version, TOKEN);
      HttpResponse<String> promotion =
          send(
              server,
              "PUT",
              "/models/" + model + "/aliases/champion",
              "{\"version\":1,\"reason\":\"gate passed\"}",
              TOKEN);

      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(promotion.statusCode()).isEqualTo(200);
      assertThat(send(server, "GET", "/artifacts/" + sha256(onnx), null, null).body())
          .isEqualTo(new String(onnx, StandardCharsets.UTF_8));
      ModelRegistered event = registered.awaitAtLeast(1, Duration.ofSeconds(30)).get(0);
      assertThat(event.getVersion()).isEqualTo(1);
      assertThat(event.getLineage().getDataFingerprint()).isEqualTo("f".repeat(64));
      assertThat(event.getRegisteredBy()).isEqualTo("it");
      ModelPromoted move = promoted.awaitAtLeast(1, Duration.ofSeconds(30)).get(0);
      assertThat(move.getAlias()).isEqualTo("champion");
      assertThat(move.getReferenceProfileJson())
          .isEqualTo(new String(profile, StandardCharsets.UTF_8));
      assertThat(move.getFeatureSpecVersion()).isEqualTo("pump-v1");
      before = send(server, "GET", "/models/" + model + "/versions/1", null, null).body();
      audit = send(server, "GET", "/audit?model=" + model, null, null).body();
      assertThat(audit)
          .contains("\"action\":\"VERSION_REGISTERED\"")
          .contains("\"reason\":\"gate passed\"");
    }

    try (EmbeddedServer restarted = start()) {
      assertThat(send(restarted, "GET", "/models/" + model + "/versions/1", null, null).body())
          .isEqualTo(before);
      assertThat(send(restarted, "GET", "/audit?model=" + model, null, null).body())
          .isEqualTo(audit);
      assertThat(send(restarted, "GET", "/audit/verify", null, null).body())
          .contains("\"intact\":true");
    }
  }

  @Test
  @Order(4)
  void anOperatorPromotesAndRollsBackWithTheCliAndEveryMoveIsAudited() throws Exception {
    String model = "manual-" + UUID.randomUUID().toString().substring(0, 8);
    try (TopicReader<ModelPromoted> promoted =
            new TopicReader<>(stack, Topics.MODEL_PROMOTED, p -> p.getModelName().equals(model));
        EmbeddedServer server = start()) {
      send(server, "POST", "/models", "{\"name\":\"" + model + "\"}", TOKEN);
      for (int v = 1; v <= 2; v++) {
        byte[] onnx = ("onnx " + v + " of " + model).getBytes(StandardCharsets.UTF_8);
        upload(server, sha256(onnx), onnx);
        send(
            server,
            "POST",
            "/models/" + model + "/versions",
            versionJson(sha256(onnx), null, "run-" + v),
            TOKEN);
      }

      int promote = cli(server, "promote", model, "2", "--reason", "better F1");
      int rollback = cli(server, "promote", model, "1", "--reason", "v2 alarms on pump-7");
      int unknown = cli(server, "promote", model, "9", "--reason", "typo");
      int withoutToken =
          new CommandLine(new Pumpops())
              .setErr(new PrintWriter(new StringWriter()))
              .execute(
                  "promote",
                  model,
                  "2",
                  "--reason",
                  "x",
                  "--token",
                  "wrong",
                  "--registry-service-url",
                  server.getURL().toString());

      assertThat(new int[] {promote, rollback, unknown, withoutToken})
          .containsExactly(0, 0, 1, 1); // 1: registry-service refused (unknown version, bad token)
      assertThat(promoted.awaitAtLeast(2, Duration.ofSeconds(30)))
          .extracting(
              p ->
                  p.getVersion()
                      + "<-"
                      + p.getPreviousVersion()
                      + " "
                      + p.getReason()
                      + " by "
                      + p.getActor())
          .containsExactly("2<-null better F1 by it", "1<-2 v2 alarms on pump-7 by it");
      assertThat(send(server, "GET", "/audit?model=" + model, null, null).body())
          .contains("\"reason\":\"v2 alarms on pump-7\"")
          .contains("\"previousVersion\":\"2\"");
    }
  }

  private int cli(EmbeddedServer server, String... args) {
    String[] all =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(args),
                java.util.stream.Stream.of(
                    "--token", TOKEN, "--registry-service-url", server.getURL().toString()))
            .toArray(String[]::new);
    return new CommandLine(new Pumpops())
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(new StringWriter()))
        .execute(all);
  }

  @Test
  @Order(5)
  void theOpenApiDocumentIsServed() throws Exception {
    try (EmbeddedServer server = start()) {
      HttpResponse<String> document =
          send(server, "GET", "/openapi/pumpops-registry-1.yml", null, null);

      assertThat(document.statusCode()).isEqualTo(200);
      assertThat(document.body())
          .contains("/models/{name}/aliases/{alias}")
          .contains("/audit/verify");
      assertThat(send(server, "GET", "/health", null, null).body()).contains("\"status\":\"UP\"");
      assertThat(send(server, "GET", "/prometheus", null, null).body())
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  @Order(6)
  void aTamperedEntryOnTheLogIsReportedByVerifyAndNotAppliedAfterARestart() throws Exception {
    String model = "tamper-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] onnx = ("onnx of " + model).getBytes(StandardCharsets.UTF_8);
    try (EmbeddedServer server = start()) {
      send(server, "POST", "/models", "{\"name\":\"" + model + "\"}", TOKEN);
      upload(server, sha256(onnx), onnx);
      send(
          server,
          "POST",
          "/models/" + model + "/versions",
          versionJson(sha256(onnx), null, "run-1"),
          TOKEN);
    }
    List<RegistryEntry> log;
    try (EmbeddedServer server = start()) {
      log =
          server
              .getApplicationContext()
              .getBean(io.pumpops.registry.log.RegistryLog.class)
              .readAll();
    }
    RegistryEntry last = log.get(log.size() - 1);
    RegistryEntry forged =
        RegistryEntry.newBuilder(last)
            .setSequence(last.getSequence() + 1)
            .setPreviousHash(last.getEntryHash())
            .setAction(io.pumpops.schemas.avro.RegistryAction.ALIAS_SET)
            .setAlias("champion")
            .setActor("it")
            .build();
    writeBehindTheRegistrysBack(forged);

    try (EmbeddedServer restarted = start()) {
      Views.VerifyView verify =
          JsonMapper.createDefault()
              .readValue(
                  send(restarted, "GET", "/audit/verify", null, null).body(),
                  Views.VerifyView.class);
      assertThat(verify.intact()).isFalse();
      assertThat(verify.brokenAt().sequence()).isEqualTo(forged.getSequence());
      assertThat(verify.brokenAt().reason()).contains("content does not match entryHash");
      assertThat(
              send(restarted, "GET", "/models/" + model + "/aliases/champion", null, null)
                  .statusCode())
          .isEqualTo(404);
      assertThat(send(restarted, "GET", "/health", null, null).body())
          .contains("\"refusedLogEntries\":1");
    }
  }

  private void writeBehindTheRegistrysBack(RegistryEntry entry) {
    var serializer =
        AvroSerdes.valueSerde(
                Topics.REGISTRY_LOG, SchemaRegistryClient.of(stack.schemaRegistryUrl()))
            .serializer();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              Topics.REGISTRY_LOG.name(),
              entry.getModelName(),
              serializer.serialize(Topics.REGISTRY_LOG.name(), entry)));
    }
  }

  private EmbeddedServer start() {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.of(
            "micronaut.server.port", -1,
            "pumpops.kafka.bootstrap-servers", stack.bootstrapServers(),
            "pumpops.schema-registry.url", stack.schemaRegistryUrl(),
            "pumpops.registry.artifact-directory", artifacts.toString(),
            "pumpops.auth.tokens",
                List.of("it:operator+service=" + TOKEN, "alice:operator=" + OPERATOR_TOKEN)));
  }

  private static String versionJson(String artifact, String profile, String runId) {
    return "{\"artifactSha256\":\""
        + artifact
        + "\","
        + (profile == null ? "" : "\"profileSha256\":\"" + profile + "\",")
        + "\"metrics\":{\"falseAlarmRate\":0.01},\"lineage\":{\"datasetRanges\":[{\"topic\":\"pump.telemetry\","
        + "\"partition\":0,\"fromOffset\":0,\"toOffset\":10,\"recordCount\":10}],\"dataFingerprint\":\""
        + "f".repeat(64)
        + "\",\"featureSpecVersion\":\"pump-v1\",\"trainingConfig\":{\"seed\":\"42\"},\"seed\":42,"
        + "\"codeVersion\":\"abc123\",\"runId\":\""
        + runId
        + "\"}}";
  }

  private HttpResponse<String> upload(EmbeddedServer server, String sha256, byte[] bytes)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + "/artifacts/" + sha256))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

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

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
