package io.pumpops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.AlarmContributor;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmSeverity;
import io.pumpops.schemas.avro.AlarmState;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The operator page in a real headless Chromium, fed by the dashboard service from the embedded
 * stack's topics: the page loads, its charts get data, and a model promoted while the page is open
 * reaches the timeline over server-sent events. {@code .ci/run} installs Debian's chromium and
 * chromedriver; where they are missing, the test is skipped and says so.
 */
@ExtendWith({LocalStackExtension.class, ChromiumCondition.class})
class DashboardBrowserIT {

  private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

  private final StackAddresses stack;
  private final String pump = "dash-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaProducer<String, byte[]> producer;
  private EmbeddedServer dashboard;
  private WebDriver browser;

  DashboardBrowserIT(StackAddresses stack) {
    this.stack = stack;
  }

  @BeforeEach
  void start(@TempDir Path profile) {
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    dashboard =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "pumpops.kafka.bootstrap-servers",
                stack.bootstrapServers(),
                "pumpops.schema-registry.url",
                stack.schemaRegistryUrl(),
                "pumpops.dashboard.sample-every",
                "PT0S"));
    browser = ChromiumCondition.headlessChromium(profile);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    producer.close();
  }

  @Test
  void thePageChartsTheFleetAndShowsAPromotionLive() throws Exception {
    Instant t0 = Instant.now().minusSeconds(600);
    for (int i = 0; i < 20; i++) {
      send(Topics.PUMP_TELEMETRY, pump, reading(t0.plusSeconds(i * 10L), i));
    }
    send(Topics.PUMP_ANOMALIES, pump, anomaly(t0.plusSeconds(200), 2.7));
    send(Topics.PUMP_ALARMS, pump, alarm(t0, AlarmState.OPENED, 2.7));
    // flow_mean is under the limit its model calibrated (0.5); pressure_mean has none and is over
    // the floor 0.2.
    send(Topics.PUMP_DRIFT_STATS, "pump-anomaly", drift("flow_mean", 0.35, t0, 0.5));
    send(Topics.PUMP_DRIFT_STATS, "pump-anomaly", drift("pressure_mean", 0.25, t0, null));
    send(Topics.EDGE_STATUS, "gw-dash", status("gw-dash", 1));
    send(Topics.MODEL_REGISTERED, "pump-anomaly", registered(1, t0));
    send(Topics.MODEL_PROMOTED, "pump-anomaly", promoted(1, null, t0));
    send(Topics.EDGE_DEPLOYMENTS, "gw-dash", deployment("gw-dash", 1, DeploymentStatus.HEALTHY));
    // Not an Avro record of the catalog: counted, skipped, and the page carries on.
    producer
        .send(new ProducerRecord<>(Topics.EDGE_STATUS.name(), "gw-bad", "{not avro".getBytes()))
        .get();

    browser.get(url("/"));
    JavascriptExecutor js = (JavascriptExecutor) browser;
    await()
        .atMost(PAGE_WAIT)
        .untilAsserted(
            () -> {
              assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
              assertThat(browser.findElement(By.id("champion")).getText()).contains("v1");
              assertThat(
                      browser
                          .findElement(By.cssSelector("#model-timeline tr[data-version='1']"))
                          .getText())
                  .contains("champion")
                  .contains("run run-1");
            });
    selectPump(js);
    await()
        .atMost(PAGE_WAIT)
        .untilAsserted(
            () -> {
              assertThat(points(js, "sensor")).isGreaterThanOrEqualTo(20);
              assertThat(points(js, "score")).isGreaterThanOrEqualTo(1);
              assertThat(js.executeScript("return window.pumpops.charts.drift.data.labels"))
                  .asList()
                  .containsExactly("flow_mean", "pressure_mean");
              assertThat(
                      js.executeScript(
                          "return window.pumpops.charts.drift.data.datasets[0].backgroundColor"))
                  .asList()
                  .as("drifting is judged by each feature's own limit")
                  .element(1)
                  .isEqualTo("#d62728");
              assertThat(
                      js.executeScript(
                          "return window.pumpops.charts.drift.data.datasets[0].backgroundColor"))
                  .asList()
                  .element(0)
                  .isNotEqualTo("#d62728");
              assertThat(
                      js.executeScript("return window.pumpops.charts.drift.data.datasets[1].data"))
                  .asList()
                  .as("the limits drawn")
                  .containsExactly(0.5, 0.2);
              assertThat(browser.findElement(By.id("alarms")).getText())
                  .contains(pump)
                  .contains("open")
                  .contains("WARNING")
                  .contains("2.7x")
                  .contains("pressure.mean +6.5σ");
              assertThat(browser.findElement(By.id("open-alarms")).getText()).isEqualTo("1 open");
              assertThat(browser.findElement(By.id("gateways")).getText())
                  .contains("gw-dash")
                  .contains("pump-anomaly v1");
              assertThat(browser.findElement(By.id("rollouts")).getText())
                  .contains("gw-dash")
                  .contains("HEALTHY");
            });

    // While the page is open: new readings and a new champion arrive over server-sent events.
    long before = points(js, "sensor");
    for (int i = 20; i < 25; i++) {
      send(Topics.PUMP_TELEMETRY, pump, reading(t0.plusSeconds(i * 10L), i));
    }
    send(Topics.MODEL_REGISTERED, "pump-anomaly", registered(2, t0.plusSeconds(300)));
    send(Topics.MODEL_PROMOTED, "pump-anomaly", promoted(2, 1, t0.plusSeconds(300)));
    send(Topics.PUMP_ALARMS, pump, alarm(t0, AlarmState.CLOSED, 2.7));
    await()
        .atMost(PAGE_WAIT)
        .untilAsserted(
            () -> {
              assertThat(browser.findElement(By.id("open-alarms")).getText())
                  .as(
                      "the alarm closed live; the table reads: "
                          + browser.findElement(By.id("alarms")).getText()
                          + "; events: "
                          + browser.findElement(By.id("events")).getText())
                  .isEqualTo("0 open");
              assertThat(browser.findElement(By.id("alarms")).getText())
                  .contains(pump)
                  .contains("closed");
              assertThat(browser.findElement(By.id("champion")).getText()).contains("v2");
              assertThat(
                      browser
                          .findElement(By.cssSelector("#model-timeline tr[data-version='2']"))
                          .getText())
                  .contains("champion");
              assertThat(
                      browser
                          .findElement(By.cssSelector("#model-timeline tr[data-version='1']"))
                          .getText())
                  .doesNotContain("champion");
              assertThat(browser.findElement(By.id("events")).getText())
                  .contains("pump-anomaly v2 is champion (was v1)");
              assertThat(points(js, "sensor")).isGreaterThan(before);
            });

    String health = get("/health");
    assertThat(health).contains("\"status\":\"UP\"").contains("\"feed\":\"running\"");
    String metrics = get("/prometheus");
    assertThat(metrics)
        .contains("pumpops_dashboard_records_total{topic=\"mlops.model-promoted\"}")
        .contains("pumpops_dashboard_undecodable_total 1.0");
  }

  private void selectPump(JavascriptExecutor js) {
    await()
        .atMost(PAGE_WAIT)
        .until(
            () ->
                (Boolean)
                    js.executeScript(
                        "return !!document.querySelector(\"#pump-select option[value='"
                            + pump
                            + "']\")"));
    js.executeScript(
        "const s = document.getElementById('pump-select'); s.value = arguments[0];"
            + " s.dispatchEvent(new Event('change'));",
        pump);
  }

  private static long points(JavascriptExecutor js, String chart) {
    return (Long)
        js.executeScript(
            "return window.pumpops.charts."
                + chart
                + ".data.datasets.reduce((n, d) => n + d.data.length, 0)");
  }

  private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value)
      throws Exception {
    byte[] bytes =
        AvroSerdes.valueSerde(topic, SchemaRegistryClient.of(stack.schemaRegistryUrl()))
            .serializer()
            .serialize(topic.name(), value);
    producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + dashboard.getPort() + path;
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url(path))).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private PumpReading reading(Instant time, int i) {
    return PumpReading.newBuilder()
        .setPumpId(pump)
        .setSiteId("site-dash")
        .setEventTime(time)
        .setIngestTime(time)
        .setSeq(i)
        .setChannels(Map.of("pressure", 2.0 + 0.01 * i, "flow", 30.0 + i % 3))
        .setUnits(Map.of())
        .build();
  }

  private AnomalyEvent anomaly(Instant time, double score) {
    return AnomalyEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(time)
        .setPumpId(pump)
        .setSiteId("site-dash")
        .setGatewayId("gw-dash")
        .setWindowStart(time.minusSeconds(60))
        .setWindowEnd(time)
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setFeatureSpecVersion("v1")
        .setScore(score)
        .setThreshold(1.0)
        .setStatistics(Map.of())
        .build();
  }

  private AlarmEvent alarm(Instant opened, AlarmState state, double peak) {
    String id = "gw-dash/" + pump + "/" + opened.toEpochMilli() + "/1";
    return AlarmEvent.newBuilder()
        .setEventId(id + "/" + state)
        .setEventTime(Instant.now())
        .setAlarmId(id)
        .setState(state)
        .setSeverity(AlarmSeverity.WARNING)
        .setPumpId(pump)
        .setSiteId("site-dash")
        .setGatewayId("gw-dash")
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setOpenedAt(opened)
        .setLastWindowEnd(opened.plusSeconds(300))
        .setClosedAt(state == AlarmState.CLOSED ? opened.plusSeconds(600) : null)
        .setPeakScore(peak)
        .setLastScore(1.2)
        .setThreshold(1.0)
        .setAnomalousWindows(4)
        .setContributors(List.of(new AlarmContributor("pressure.mean", 6.5)))
        .setReason("test")
        .build();
  }

  private static DriftStatistics drift(String feature, double psi, Instant start, Double psiLimit) {
    return DriftStatistics.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(start.plusSeconds(3600))
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setFeatureName(feature)
        .setWindowStart(start)
        .setWindowEnd(start.plusSeconds(3600))
        .setFeatureSpecVersion("v1")
        .setSampleSize(300)
        .setReferenceSize(3000)
        .setPsi(psi)
        .setPsiLimit(psiLimit)
        .setDataRanges(List.of())
        .build();
  }

  private static EdgeStatus status(String gateway, int version) {
    return EdgeStatus.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(Instant.now())
        .setGatewayId(gateway)
        .setSiteId("site-dash")
        .setHardwareClass("x86-64-standard")
        .setOnnxRuntimeVersion("1.29.0")
        .setModelName("pump-anomaly")
        .setModelVersion(version)
        .setLatencyP99Millis(0.4)
        .setBufferDepth(3)
        .setUplinkConnected(true)
        .build();
  }

  private static ModelRegistered registered(int version, Instant time) {
    return ModelRegistered.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(time)
        .setModelName("pump-anomaly")
        .setVersion(version)
        .setArtifactSha256("a".repeat(63) + version)
        .setMetrics(Map.of("holdout_far", 0.01))
        .setRegisteredBy("training-service")
        .setLineage(
            Lineage.newBuilder()
                .setDatasetRanges(
                    List.of(
                        OffsetRange.newBuilder()
                            .setTopic("pump.telemetry")
                            .setPartition(0)
                            .setFromOffset(0)
                            .setToOffset(100)
                            .setRecordCount(100)
                            .build()))
                .setDataFingerprint("fp")
                .setFeatureSpecVersion("v1")
                .setTrainingConfig(Map.of())
                .setSeed(7)
                .setCodeVersion("dev")
                .setRunId("run-" + version)
                .build())
        .build();
  }

  private static ModelPromoted promoted(int version, Integer previous, Instant time) {
    return ModelPromoted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(time)
        .setModelName("pump-anomaly")
        .setAlias("champion")
        .setVersion(version)
        .setPreviousVersion(previous)
        .setArtifactSha256("a".repeat(63) + version)
        .setFeatureSpecVersion("v1")
        .setActor("training-service")
        .setReason("better on holdout")
        .build();
  }

  private static Deployment deployment(String gateway, int version, DeploymentStatus status) {
    return Deployment.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(Instant.now())
        .setRolloutId("rollout-dash")
        .setGatewayId(gateway)
        .setModelName("pump-anomaly")
        .setModelVersion(version)
        .setPackageSha256("ab")
        .setPackageUrl("http://x")
        .setSignature("s")
        .setRing(0)
        .setStatus(status)
        .build();
  }
}
