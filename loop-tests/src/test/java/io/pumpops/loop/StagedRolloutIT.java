package io.pumpops.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.cli.Pumpops;
import io.pumpops.edge.EdgeGateway;
import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 6's rollout acceptance run: registry-, ingest- and deploy-service as their own processes on
 * the embedded stack, three real gateways (ONNX Runtime, a site broker of their own) and telemetry
 * streaming to them. A promoted champion reaches the canary, then each ring; a second champion,
 * fitted on data whose pressure reads 60 % high, calls nearly every healthy window an anomaly on
 * the canary, and the rollout rolls back by itself before any other gateway sees it.
 */
@ExtendWith(LocalStackExtension.class)
class StagedRolloutIT {

  private static final String TOKEN = "rollout-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StackAddresses stack;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String model = "pump-anomaly-" + run;
  private final List<String> gatewayIds = List.of("gw-a-" + run, "gw-b-" + run, "gw-c-" + run);
  private final HttpClient http = HttpClient.newHttpClient();
  private final DevSigningKeys keys = DevSigningKeys.generate();

  StagedRolloutIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aChampionReachesTheCanaryThenTheFleetAndAFailingOneRollsBackByItself(@TempDir Path work)
      throws Exception {
    byte[] v1 = onnx(pressure -> pressure);
    byte[] v2 = onnx(pressure -> pressure * 1.6);
    EmbeddedMqttBroker site =
        new EmbeddedMqttBroker(
            new EmbeddedMqttBroker.Settings(work.resolve("site-broker"), 0, Optional.empty()));
    site.start();
    List<EdgeGateway> gateways = new ArrayList<>();
    Map<String, List<Integer>> versionsSeen = new ConcurrentHashMap<>();
    ScheduledExecutorService schedule = Executors.newScheduledThreadPool(2);
    MqttClient sensors = null;
    try (ServiceProcess registry =
            ServiceProcess.start(
                "registry-service",
                Map.of(
                    "PUMPOPS_KAFKA_BOOTSTRAP_SERVERS",
                    stack.bootstrapServers(),
                    "PUMPOPS_SCHEMA_REGISTRY_URL",
                    stack.schemaRegistryUrl(),
                    "PUMPOPS_REGISTRY_ARTIFACT_DIRECTORY",
                    work.resolve("artifacts").toString(),
                    "PUMPOPS_AUTH_TOKENS",
                    "rollout-test:service+operator=" + TOKEN),
                Duration.ofSeconds(90));
        ServiceProcess ingest =
            ServiceProcess.start("ingest-service", ingestEnvironment(), Duration.ofSeconds(90));
        ServiceProcess deploy =
            ServiceProcess.start(
                "deploy-service",
                port -> deployEnvironment(port, registry.baseUrl(), work.resolve("deploy")),
                Duration.ofSeconds(90));
        TopicReader<Deployment> deployments =
            new TopicReader<>(
                stack, Topics.EDGE_DEPLOYMENTS, d -> d.getModelName().equals(model))) {
      for (String gatewayId : gatewayIds) {
        gateways.add(
            new EdgeGateway(gatewayConfig(gatewayId, site.url(), work.resolve(gatewayId))).start());
      }
      sensors = streamTelemetry(site.url(), schedule);
      watchVersions(gateways, versionsSeen, schedule);
      await().atMost(Duration.ofSeconds(60)).until(() -> get(deploy, "/gateways").size() == 3);

      ModelRegistryClient models = new ModelRegistryClient(registry.baseUrl(), TOKEN);
      models.ensureModel(model, "rollout test model");
      register(models, v1, 1);
      models.setAlias(model, "champion", 1, "first champion");

      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  gateways.stream().allMatch(g -> version(g) == 1)
                      && rollouts(deploy).size() == 1
                      && rollouts(deploy).get(0).path("state").asText().equals("SUCCEEDED"));
      List<Deployment> first =
          deployments.awaitUntil(
              read ->
                  read.stream().filter(d -> d.getStatus() == DeploymentStatus.HEALTHY).count() == 3,
              Duration.ofSeconds(30));
      // Rings one after another: each gateway is sent v1 only after the one before is healthy.
      assertThat(sentOrder(first)).containsExactlyElementsOf(gatewayIds);
      assertThat(when(first, gatewayIds.get(1), DeploymentStatus.PENDING))
          .isAfterOrEqualTo(when(first, gatewayIds.get(0), DeploymentStatus.HEALTHY));
      assertThat(when(first, gatewayIds.get(2), DeploymentStatus.PENDING))
          .isAfterOrEqualTo(when(first, gatewayIds.get(1), DeploymentStatus.HEALTHY));

      register(models, v2, 2);
      models.setAlias(model, "champion", 2, "challenger passed the gate");

      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  rollouts(deploy).size() == 2
                      && rollouts(deploy).get(0).path("state").asText().equals("ROLLED_BACK"));
      JsonNode second = rollouts(deploy).get(0);
      assertThat(second.path("modelVersion").asInt()).isEqualTo(2);
      assertThat(second.path("reason").asText())
          .contains("anomaly rate")
          .contains(gatewayIds.get(0));
      await().atMost(Duration.ofSeconds(30)).until(() -> version(gateways.get(0)) == 1);
      assertThat(versionsSeen.get(gatewayIds.get(0)))
          .as("the canary ran v2, then went back")
          .containsSubsequence(1, 2, 1);
      assertThat(versionsSeen.get(gatewayIds.get(1))).as("never saw v2").containsOnly(1);
      assertThat(versionsSeen.get(gatewayIds.get(2))).as("never saw v2").containsOnly(1);

      List<Deployment> all =
          deployments.awaitUntil(
              read ->
                  read.stream()
                          .filter(d -> d.getRolloutId().equals(second.path("id").asText()))
                          .count()
                      >= 6,
              Duration.ofSeconds(30));
      assertThat(all)
          .filteredOn(
              d ->
                  d.getRolloutId().equals(second.path("id").asText())
                      && d.getGatewayId().equals(gatewayIds.get(0)))
          .extracting(Deployment::getStatus)
          .containsSubsequence(
              DeploymentStatus.PENDING, DeploymentStatus.FAILED, DeploymentStatus.ROLLED_BACK);
      assertThat(all)
          .filteredOn(
              d ->
                  d.getRolloutId().equals(second.path("id").asText())
                      && !d.getGatewayId().equals(gatewayIds.get(0)))
          .extracting(Deployment::getStatus)
          .containsOnly(DeploymentStatus.ABORTED);

      String status = cli("rollout", "status", "--deploy-service-url", deploy.baseUrl().toString());
      assertThat(status).contains("ROLLED_BACK").contains("SUCCEEDED").contains(model);
      String detail =
          cli(
              "rollout",
              "status",
              second.path("id").asText(),
              "--deploy-service-url",
              deploy.baseUrl().toString());
      assertThat(detail)
          .contains(gatewayIds.get(0))
          .contains("anomaly rate")
          .contains("rollback to v1");
      assertThat(
              cli(
                  "rollout",
                  "resume",
                  second.path("id").asText(),
                  "--deploy-service-url",
                  deploy.baseUrl().toString()))
          .as("a finished rollout cannot resume")
          .contains("exit=1");
    } finally {
      schedule.shutdownNow();
      schedule.awaitTermination(5, TimeUnit.SECONDS);
      if (sensors != null) {
        if (sensors.isConnected()) {
          sensors.disconnect();
        }
        sensors.close();
      }
      gateways.forEach(EdgeGateway::close);
      site.stop();
    }
  }

  private Map<String, String> ingestEnvironment() {
    Map<String, String> env = stack.serviceEnvironment();
    env.put("PUMPOPS_MQTT_CLIENT_ID", "ingest-" + run);
    env.put("PUMPOPS_MQTT_SHARED_GROUP", "ingest-" + run);
    env.put("PUMPOPS_MQTT_TOPIC_FILTER", "pumps/" + run + "/+/telemetry");
    // One ingest instance, so no shared subscription: the embedded HiveMQ CE can stop delivering to
    // a QoS 1 shared subscriber, and then stop acknowledging the gateways' publishes too (seen here
    // on 2026-12-01: every uplink timed out and deploy-service never heard of the gateways). MQTT
    // 3.1.1 with a persistent session, as the demo runs it, loses nothing either.
    env.put("PUMPOPS_MQTT_PROTOCOL_VERSION", "3");
    return env;
  }

  private Map<String, String> deployEnvironment(int port, URI registryUrl, Path state) {
    Map<String, String> env = stack.serviceEnvironment();
    env.put("PUMPOPS_MQTT_CLIENT_ID", "deploy-" + run);
    env.put("PUMPOPS_DEPLOY_GROUP_ID", "deploy-" + run);
    env.put("PUMPOPS_DEPLOY_MODELS", model);
    env.put("PUMPOPS_DEPLOY_REGISTRY_URL", registryUrl.toString());
    env.put("PUMPOPS_DEPLOY_STATE_DIRECTORY", state.toString());
    env.put("PUMPOPS_DEPLOY_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.putAll(keys.deployEnvironment());
    // Three rings of one gateway each; a short bake, as heartbeats come every half second here.
    env.put("PUMPOPS_DEPLOY_SECOND_RING_PERCENT", "34");
    env.put("PUMPOPS_DEPLOY_BAKE_TIME", "PT3S");
    env.put("PUMPOPS_DEPLOY_MIN_SCORED_FOR_RATE", "10");
    // Three gateways and three services share two cores here: latency is not what this test judges
    // (RolloutRulesTest does).
    env.put("PUMPOPS_DEPLOY_MAX_LATENCY_FACTOR", "100");
    return env;
  }

  private GatewayConfig gatewayConfig(String gatewayId, String siteUrl, Path data) {
    // Each gateway serves its own site on the shared site broker and pins this run's signing key.
    return new GatewayConfig(
        gatewayId,
        siteOf(gatewayId),
        "x86-64-standard",
        List.of("store-and-forward"),
        data,
        new GatewayConfig.Broker(siteUrl, Optional.empty(), Optional.empty()),
        new GatewayConfig.Broker(
            stack.mqttUrl(),
            stack.mqttCredentials().map(c -> c.username()),
            stack.mqttCredentials().map(c -> c.password())),
        keys.publicKey(),
        Duration.ofMillis(500),
        64L * 1024 * 1024,
        DiskQueue.FullPolicy.DROP_OLDEST,
        Duration.ofSeconds(30),
        0,
        false);
  }

  private String siteOf(String gatewayId) {
    return "site-" + gatewayId;
  }

  /**
   * Two healthy pumps per site, a reading every 5 s of event time, a round every 20 ms: 250 times
   * faster than real time, so that every gateway closes a few one-minute windows a second.
   */
  private MqttClient streamTelemetry(String siteUrl, ScheduledExecutorService schedule)
      throws Exception {
    MqttClient client = new MqttClient(siteUrl, "sensors-" + run, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(1000);
    client.connect(options);
    Instant start = Instant.now().minus(Duration.ofHours(12));
    List<SyntheticPump> pumps = new ArrayList<>();
    for (String gatewayId : gatewayIds) {
      for (int p = 0; p < 2; p++) {
        pumps.add(
            new SyntheticPump(
                siteOf(gatewayId),
                "pump-" + p,
                start,
                Duration.ofSeconds(5),
                List.of(),
                70 + p,
                Optional.empty()));
      }
    }
    schedule.scheduleAtFixedRate(
        () -> {
          for (SyntheticPump pump : pumps) {
            SimulatedReading r = pump.next();
            try {
              client.publish(
                  r.mqttTopic(), new MqttMessage(r.toJson().getBytes(StandardCharsets.UTF_8)));
            } catch (MqttException e) {
              throw new IllegalStateException("sensors could not publish", e);
            }
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    return client;
  }

  /** Notes every model version each gateway runs, as it changes. */
  private static void watchVersions(
      List<EdgeGateway> gateways,
      Map<String, List<Integer>> seen,
      ScheduledExecutorService schedule) {
    schedule.scheduleAtFixedRate(
        () -> {
          for (EdgeGateway gateway : gateways) {
            int version = version(gateway);
            List<Integer> versions =
                seen.computeIfAbsent(
                    gateway.config().gatewayId(),
                    k -> new java.util.concurrent.CopyOnWriteArrayList<>());
            if (version > 0
                && (versions.isEmpty() || versions.get(versions.size() - 1) != version)) {
              versions.add(version);
            }
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  private void register(ModelRegistryClient models, byte[] onnx, int expectedVersion) {
    models.upload(onnx);
    Lineage lineage =
        Lineage.newBuilder()
            .setDatasetRanges(List.of())
            .setDataFingerprint("synthetic-" + expectedVersion)
            .setFeatureSpecVersion(FeatureSpec.PUMP_V1.version())
            .setTrainingConfig(Map.of())
            .setSeed(expectedVersion)
            .setCodeVersion("test")
            .setRunId("run-" + run + "-" + expectedVersion)
            .setParentRunId(null)
            .build();
    assertThat(
            models
                .register(model, Sha256.hex(onnx), null, Map.of(), lineage, "rollout test")
                .version())
        .isEqualTo(expectedVersion);
  }

  /**
   * A PCA model fitted on three hours of four synthetic pumps, their pressure read through {@code
   * pressure}.
   */
  private byte[] onnx(UnaryOperator<Double> pressure) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    PumpWindows windows = new PumpWindows(FeatureSpec.PUMP_V1);
    for (int p = 0; p < 4; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "train",
              "pump-" + p,
              start,
              Duration.ofSeconds(5),
              List.of(),
              5 + p,
              Optional.of(start.plus(Duration.ofHours(3))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        Map<String, Double> channels =
            r.channels().entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        e ->
                            e.getKey().equals("pressure")
                                ? pressure.apply(e.getValue())
                                : e.getValue()));
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), channels);
      }
    }
    PcaAnomalyModel fitted =
        PcaAnomalyModel.fit(
            FeatureSpec.PUMP_V1.featureNames(),
            windows.completeRows().stream().map(PumpWindows.Row::features).toList(),
            PcaAnomalyModel.Settings.defaults());
    return OnnxExport.toOnnx(fitted, model, Map.of());
  }

  private static int version(EdgeGateway gateway) {
    return gateway.currentModel().map(m -> m.manifest().modelVersion()).orElse(0);
  }

  private static List<String> sentOrder(List<Deployment> deployments) {
    return deployments.stream()
        .filter(d -> d.getStatus() == DeploymentStatus.PENDING)
        .sorted(java.util.Comparator.comparing(Deployment::getEventTime))
        .map(Deployment::getGatewayId)
        .distinct()
        .toList();
  }

  /**
   * When a gateway's deployment reached a state (edge.deployments is keyed by gateway: partitions
   * interleave).
   */
  private static Instant when(
      List<Deployment> deployments, String gatewayId, DeploymentStatus status) {
    return deployments.stream()
        .filter(d -> d.getGatewayId().equals(gatewayId) && d.getStatus() == status)
        .map(Deployment::getEventTime)
        .findFirst()
        .orElseThrow(() -> new AssertionError(gatewayId + " never " + status));
  }

  private List<JsonNode> rollouts(ServiceProcess deploy) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    get(deploy, "/rollouts").forEach(out::add);
    return out;
  }

  private JsonNode get(ServiceProcess service, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(service.baseUrl().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new Pumpops());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    int exit = command.execute(args);
    return out + "\nexit=" + exit;
  }
}
