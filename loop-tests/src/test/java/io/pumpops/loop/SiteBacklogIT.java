package io.pumpops.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.edge.EdgeGateway;
import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.featurestream.FeatureStreamApp;
import io.pumpops.featurestream.FeatureTopology;
import io.pumpops.ingest.IngestService;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.OwnStack;
import io.pumpops.localstack.junit.TcpProxy;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.GroundTruthLog;
import io.pumpops.simulator.PumpSource;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.Simulator;
import io.pumpops.simulator.SyntheticPump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's catch-up on the real embedded stack: two sites live, then a third site's six-hour
 * backlog, which its edge gateway buffered on disk while its uplink was cut and forwards in batches
 * through the central broker and ingest-service when the link comes back. Every pump window of the
 * late site equals the batch windows of {@code features/} over the readings its pumps published,
 * every drift window ends up counting every pump, and Kafka Streams drops nothing.
 *
 * <p>The live sites' readings are produced straight to pump.telemetry, as ingest writes them: they
 * are not what is tested.
 *
 * <p>The fleet's time is the median of every pump on pump.features, so the test has a broker of its
 * own: other tests' pumps, weeks apart, would be part of its fleet.
 */
@ExtendWith(LocalStackExtension.class)
@OwnStack
class SiteBacklogIT {

  private static final Duration STEP = Duration.ofSeconds(20);
  private static final Duration BACKLOG = Duration.ofHours(6);
  private static final int PUMPS_PER_SITE = 3;

  private final StackAddresses stack;

  SiteBacklogIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aSitesSixHourBacklogIsCountedInFullWhileTwoSitesAreLive(@TempDir Path state)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String model = "catch-up-" + run;
    SchemaRegistryClient registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
    // Recent, on the hour: the broker applies each topic's retention to record timestamps (event
    // time), so data older than pump.features' 90 days is deleted under the test (it was: the
    // first pump windows went with the segment the retention check rolled 30 s after start).
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(12));
    DriftMonitoring monitoring =
        new DriftMonitoring(Duration.ofHours(1), Duration.ofMinutes(15), List.of("pressure.mean"));
    FeatureTopology.Config config =
        new FeatureTopology.Config(
            FeatureSpec.PUMP_V1,
            Duration.ofSeconds(30),
            new FeatureTopology.DataArrivedPolicy(100_000, Duration.ofMinutes(5)),
            monitoring,
            Duration.ofMinutes(10),
            Duration.ofHours(12),
            Duration.ofSeconds(1));
    String site = "c-" + run;
    String gatewayId = "gw-" + site;
    try (EmbeddedMqttBroker siteBroker =
            new EmbeddedMqttBroker(
                new EmbeddedMqttBroker.Settings(
                    state.resolve("site-broker"), 0, Optional.empty()));
        TcpProxy uplink = TcpProxy.forUrl(stack.mqttUrl());
        // ingest-service as production runs it, taking the gateways' batches.
        IngestService ingest =
            LoopIngest.start(
                stack,
                registry,
                "ingest-backlog-" + run,
                "pumps/+/+/telemetry",
                List.of("sites/+/telemetry"),
                TelemetryRules.defaults());
        FeatureStreamApp app =
            new FeatureStreamApp(
                new FeatureStreamApp.Settings(
                    stack.bootstrapServers(),
                    "feature-stream-catch-up-" + run,
                    state,
                    config,
                    Duration.ofMillis(200),
                    1),
                registry);
        KafkaProducer<String, PumpReading> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5),
                AvroSerdes.keySerde().serializer(),
                AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry).serializer());
        TopicReader<PumpFeatures> features =
            new TopicReader<>(stack, Topics.PUMP_FEATURES, f -> f.getPumpId().startsWith(run));
        TopicReader<DriftStatistics> drift =
            new TopicReader<>(stack, Topics.PUMP_DRIFT_STATS, s -> s.getModelName().equals(model));
        TopicReader<RejectedReading> letters =
            new TopicReader<>(
                stack,
                Topics.DEAD_LETTERS,
                d -> d.getPumpId() != null && d.getPumpId().startsWith(run))) {
      promote(registry, model);
      app.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);

      // Site c's gateway loses its uplink; its pumps' six hours (and one more minute, which closes
      // their last windows) go into its disk buffer.
      siteBroker.start();
      List<SimulatedReading> backlog = new ArrayList<>();
      try (EdgeGateway gateway =
          new EdgeGateway(gatewayConfig(gatewayId, site, siteBroker, uplink, state)).start()) {
        await().atMost(Duration.ofSeconds(30)).until(gateway::uplinkConnected);
        uplink.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> !gateway.uplinkConnected());
        try (Simulator pumps =
            new Simulator(
                new Simulator.Settings(siteBroker.url(), Optional.empty(), 0, 1, false),
                new GroundTruthLog(state.resolve("site-c.jsonl")),
                java.time.Clock.systemUTC())) {
          List<PumpSource> sources = new ArrayList<>();
          for (int p = 0; p < PUMPS_PER_SITE; p++) {
            sources.add(
                new RecordedPump(
                    new SyntheticPump(
                        site,
                        run + "-c" + p,
                        t0,
                        STEP,
                        List.of(),
                        p,
                        Optional.of(t0.plus(BACKLOG).plusSeconds(60))),
                    backlog));
          }
          pumps.run(sources, Optional.empty());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.bufferDepth() >= backlog.size());
        assertThat(gateway.uplinkConnected()).isFalse();
      }

      // Sites a and b are live: six hours and twenty minutes of their readings come first.
      PumpWindows batch = new PumpWindows(FeatureSpec.PUMP_V1);
      Map<String, Long> seq = new HashMap<>();
      for (Instant t = t0; t.isBefore(t0.plus(BACKLOG).plusSeconds(1200)); t = t.plus(STEP)) {
        for (String live : List.of("a", "b")) {
          for (int p = 0; p < PUMPS_PER_SITE; p++) {
            PumpReading r = send(producer, seq, run + "-" + live + p, live, t);
            batch.add(r.getPumpId(), r.getSeq(), r.getEventTime().toEpochMilli(), r.getChannels());
          }
        }
      }
      producer.flush();
      // The live sites' drift windows are judged without site c: wait for them, so c is truly late.
      drift.awaitUntil(
          s ->
              s.stream()
                  .anyMatch(
                      d -> d.getWindowStart().equals(t0.plus(BACKLOG).minus(Duration.ofHours(1)))),
          Duration.ofSeconds(120));

      // Site c comes back online: its gateway restarts from its disk buffer and drains it upstream.
      for (SimulatedReading r : backlog) {
        batch.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
      uplink.restore();
      EdgeGateway back =
          new EdgeGateway(gatewayConfig(gatewayId, site, siteBroker, uplink, state)).start();
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> back.uplinkConnected() && back.bufferDepth() == 0);
      } finally {
        back.close();
      }

      int windowsPerPump = (int) (BACKLOG.toMinutes());
      List<PumpFeatures> late =
          features
              .awaitUntil(
                  f ->
                      f.stream().filter(w -> w.getPumpId().contains("-c")).count()
                          >= (long) PUMPS_PER_SITE * windowsPerPump,
                  Duration.ofSeconds(180))
              .stream()
              .filter(w -> w.getPumpId().contains("-c"))
              .toList();
      assertThat(late)
          .as("each window once (exactly-once)")
          .hasSize(PUMPS_PER_SITE * windowsPerPump);
      // Every pump window of every site, the live ones too, equals the batch one.
      java.util.Set<String> batchWindows =
          batch.completeRows().stream()
              .map(row -> row.pumpId() + "@" + row.windowStartMillis())
              .collect(java.util.stream.Collectors.toSet());
      List<PumpFeatures> all =
          features.awaitUntil(
              f ->
                  f.stream()
                      .map(w -> w.getPumpId() + "@" + w.getWindowStart().toEpochMilli())
                      .collect(java.util.stream.Collectors.toSet())
                      .containsAll(batchWindows),
              Duration.ofSeconds(60));
      Map<String, PumpFeatures> byWindow = new TreeMap<>();
      all.forEach(w -> byWindow.put(w.getPumpId() + "@" + w.getWindowStart().toEpochMilli(), w));
      assertThat(byWindow).as("every window once").hasSize(all.size());
      assertThat(batch.completeRows()).hasSizeGreaterThan(3 * PUMPS_PER_SITE * 350);
      List<String> names = FeatureSpec.PUMP_V1.featureNames();
      for (PumpWindows.Row row : batch.completeRows()) {
        PumpFeatures window = byWindow.get(row.pumpId() + "@" + row.windowStartMillis());
        assertThat(window)
            .as(row.pumpId() + " at " + Instant.ofEpochMilli(row.windowStartMillis()))
            .isNotNull();
        assertThat(window.getReadingCount()).as("every reading, once").isEqualTo(3);
        for (int f = 0; f < names.size(); f++) {
          double expected = row.features()[f];
          Double actual = window.getFeatures().get(names.get(f));
          if (Double.isNaN(expected)) {
            assertThat(actual == null || actual.isNaN()).as(names.get(f)).isTrue();
          } else {
            assertThat(actual)
                .as(names.get(f))
                .isCloseTo(
                    expected, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(expected))));
          }
        }
      }

      // Every drift window within the six hours ends up counting all nine pumps' 60 windows.
      int allPumps = 3 * PUMPS_PER_SITE;
      List<Instant> starts = new ArrayList<>();
      for (Instant d = t0;
          !d.plus(monitoring.window()).isAfter(t0.plus(BACKLOG));
          d = d.plus(monitoring.hop())) {
        starts.add(d);
      }
      // Revisions go out every second here (drift-revision-interval); the late site's windows join
      // the drift windows over several of them.
      List<DriftStatistics> stats;
      try {
        stats =
            drift.awaitUntil(
                s ->
                    starts.stream()
                        .allMatch(
                            d ->
                                latest(s, d) != null
                                    && latest(s, d).getSampleSize() == allPumps * 60),
                Duration.ofSeconds(120));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(shortWindows(drift, features, letters, app, starts, allPumps), e);
      }
      assertThat(starts)
          .allSatisfy(
              d -> {
                DriftStatistics first =
                    stats.stream()
                        .filter(s -> s.getWindowStart().equals(d) && s.getRevision() == 0)
                        .findFirst()
                        .orElseThrow();
                // Judged on time, without the late site. (Not always on all of the live sites'
                // windows either: they were replayed as fast as the broker goes, so pump.features
                // partitions ran apart by more than the grace; their stragglers are in the
                // revisions too.)
                assertThat(first.getSampleSize())
                    .as("judged before the late site came")
                    .isLessThanOrEqualTo(2 * PUMPS_PER_SITE * 60);
                assertThat(latest(stats, d).getRevision())
                    .as("revised once the late site's windows joined")
                    .isPositive();
              });

      assertThat(letters.awaitUntil(l -> true, Duration.ofSeconds(1)))
          .as("nothing too late")
          .isEmpty();
      assertThat(app.droppedRecords())
          .as("Kafka Streams' dropped-records-total, less what was dead-lettered on read")
          .isZero();
    }
  }

  /**
   * The gateway of site c, as a site runs it: its own broker, the central one as its uplink (here
   * through a proxy that can cut the link), logged in as itself.
   */
  private GatewayConfig gatewayConfig(
      String gatewayId, String site, EmbeddedMqttBroker siteBroker, TcpProxy uplink, Path state) {
    Optional<MqttCredentials> login =
        stack.mqttCredentials().map(c -> c.forIdentity(MqttAccessPolicy.gateway(gatewayId, site)));
    return new GatewayConfig(
        gatewayId,
        site,
        "x86-64-standard",
        List.of("store-and-forward"),
        state.resolve(gatewayId),
        new GatewayConfig.Broker(siteBroker.url(), Optional.empty(), Optional.empty()),
        new GatewayConfig.Broker(
            uplink.url(),
            login.map(MqttCredentials::username),
            login.map(MqttCredentials::password)),
        DevSigningKeys.loadOrCreate(state.resolve("keys")).publicKey(),
        Duration.ofSeconds(1),
        64L * 1024 * 1024,
        DiskQueue.FullPolicy.DROP_OLDEST,
        Duration.ofSeconds(30),
        0,
        true);
  }

  /**
   * Why drift windows fall short, for a failed run: each short window's revisions (n per revision),
   * how many of its pump windows are on pump.features per site, the dead letters and Kafka Streams'
   * dropped records. A record lost on the way shows up as pump windows present but not counted.
   */
  private static String shortWindows(
      TopicReader<DriftStatistics> drift,
      TopicReader<PumpFeatures> features,
      TopicReader<RejectedReading> letters,
      FeatureStreamApp app,
      List<Instant> starts,
      int allPumps) {
    List<DriftStatistics> seen = drift.awaitUntil(s -> true, Duration.ofSeconds(1));
    List<PumpFeatures> windows = features.awaitUntil(f -> true, Duration.ofSeconds(1));
    StringBuilder out =
        new StringBuilder("drift windows not counting all " + allPumps * 60 + " pump windows:");
    for (Instant start : starts) {
      DriftStatistics last = latest(seen, start);
      if (last != null && last.getSampleSize() == allPumps * 60) {
        continue;
      }
      Instant end = start.plus(Duration.ofHours(1));
      Map<String, Long> perSite = new TreeMap<>();
      windows.stream()
          .filter(w -> !w.getWindowStart().isBefore(start) && w.getWindowStart().isBefore(end))
          .forEach(w -> perSite.merge(String.valueOf(w.getSiteId()), 1L, Long::sum));
      out.append("\n  ")
          .append(start)
          .append(": revisions (r=n) ")
          .append(
              seen.stream()
                  .filter(s -> s.getWindowStart().equals(start))
                  .map(s -> s.getRevision() + "=" + s.getSampleSize())
                  .toList())
          .append("; pump windows on pump.features by site ")
          .append(perSite);
    }
    out.append("\n  dead letters: ")
        .append(letters.awaitUntil(l -> true, Duration.ofSeconds(1)).size())
        .append("; Kafka Streams dropped records: ")
        .append(app.droppedRecords());
    return out.toString();
  }

  private static DriftStatistics latest(List<DriftStatistics> stats, Instant start) {
    return stats.stream()
        .filter(s -> s.getWindowStart().equals(start))
        .max(java.util.Comparator.comparingInt(DriftStatistics::getRevision))
        .orElse(null);
  }

  private static PumpReading send(
      KafkaProducer<String, PumpReading> producer,
      Map<String, Long> seq,
      String pump,
      String site,
      Instant time) {
    long n = seq.merge(pump, 1L, Long::sum);
    double phase = n / 30.0 + pump.hashCode() % 7;
    PumpReading reading =
        PumpReading.newBuilder()
            .setPumpId(pump)
            .setSiteId("site-" + site)
            .setEventTime(time)
            .setIngestTime(time)
            .setSeq(n)
            .setChannels(
                Map.of("pressure", 5.0 + Math.sin(phase), "flowRate", 100.0 + 3 * Math.cos(phase)))
            .build();
    producer.send(
        new ProducerRecord<>(
            Topics.PUMP_TELEMETRY.name(), null, time.toEpochMilli(), pump, reading));
    return reading;
  }

  private void promote(SchemaRegistryClient registry, String model) throws Exception {
    Random random = new Random(7);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new double[] {5.0 + random.nextGaussian() * 0.7});
    }
    ReferenceProfile profile = ReferenceProfile.of("pump-v1", List.of("pressure.mean"), rows);
    try (KafkaProducer<String, ModelPromoted> producer =
        TopicWriter.producer(stack, Topics.MODEL_PROMOTED)) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.MODEL_PROMOTED.name(),
                  model,
                  ModelPromoted.newBuilder()
                      .setEventId("promote-" + model)
                      .setEventTime(Instant.now())
                      .setModelName(model)
                      .setAlias("champion")
                      .setVersion(1)
                      .setArtifactSha256("00")
                      .setFeatureSpecVersion("pump-v1")
                      .setReferenceProfileJson(profile.toJson())
                      .setActor("test")
                      .setReason("catch-up test")
                      .build()))
          .get();
    }
  }
}
