package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of feature-stream share the pumps (Kafka Streams tasks); one leaves half-way and
 * the other takes its pumps over, with their open windows restored from the changelogs: every
 * window of every pump comes out once and equals the batch windows of {@code features/}. Leaving
 * cleanly (its last transaction committed, the group told at once) and crashing (killed as its own
 * JVM with a transaction open: the transaction aborts, the survivor reprocesses from the last
 * commit after the session timeout) must give the same windows.
 */
@ExtendWith(LocalStackExtension.class)
class ScaleOutIT {

  private static final int PUMPS = 12;
  private static final Duration STEP = Duration.ofSeconds(5);
  private static final Duration HALF = Duration.ofMinutes(30);

  private final StackAddresses stack;

  ScaleOutIT(StackAddresses stack) {
    this.stack = stack;
  }

  /** How long the killed instance goes unheard before its pumps move: the broker's minimum. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void whenOneOfTwoInstancesStopsTheOtherTakesItsPumpsOverAndEveryWindowComesOutOnce(
      @TempDir Path state) throws Exception {
    run(state, false);
  }

  @Test
  void whenOneOfTwoInstancesIsKilledTheOtherTakesItsPumpsOverAndEveryWindowComesOutOnce(
      @TempDir Path state) throws Exception {
    run(state, true);
  }

  private void run(Path state, boolean kill) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    SchemaRegistryClient registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
    // Recent: older than pump.features' retention, the broker would delete the data under the test.
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    FeatureTopology.Config config =
        new FeatureTopology.Config(
            FeatureSpec.PUMP_V1,
            Duration.ofSeconds(30),
            new FeatureTopology.DataArrivedPolicy(100_000, Duration.ofMinutes(5)),
            DriftMonitoring.defaults(FeatureSpec.PUMP_V1),
            Duration.ofMinutes(10));
    String applicationId = "feature-stream-scale-out-" + run;
    PumpWindows batch = new PumpWindows(FeatureSpec.PUMP_V1);
    try (AutoCloseable first =
            kill
                ? process(applicationId, state.resolve("first"))
                : app(applicationId, state.resolve("first"), config, registry);
        FeatureStreamApp second = app(applicationId, state.resolve("second"), config, registry);
        KafkaProducer<String, PumpReading> producer =
            TopicWriter.producer(stack, Topics.PUMP_TELEMETRY);
        TopicReader<PumpFeatures> features =
            new TopicReader<>(stack, Topics.PUMP_FEATURES, f -> f.getPumpId().startsWith(run));
        TopicReader<RejectedReading> letters =
            new TopicReader<>(
                stack,
                Topics.DEAD_LETTERS,
                d -> d.getPumpId() != null && d.getPumpId().startsWith(run))) {
      if (first instanceof FeatureStreamApp inProcess) {
        inProcess.start();
      }
      second.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  state(first) == KafkaStreams.State.RUNNING
                      && second.state() == KafkaStreams.State.RUNNING);

      send(producer, batch, run, t0, t0.plus(HALF));
      int halfWindows = (int) (HALF.toMinutes() - 1) * PUMPS;
      features.awaitAtLeast(halfWindows, Duration.ofSeconds(90));

      int survivorsTasks = second.activeTasks();
      assertThat(survivorsTasks).as("the work is shared").isPositive();
      assertThat(activeTasks(first)).as("the work is shared").isPositive();
      if (first instanceof ServiceProcess process) {
        // Mid-stream: some of the second half is in, some in flight, when its JVM dies.
        Instant cut = t0.plus(HALF).plus(Duration.ofMinutes(5));
        send(producer, batch, run, t0.plus(HALF), cut);
        process.kill();
        send(producer, batch, run, cut, t0.plus(HALF.multipliedBy(2)).plusSeconds(60));
      } else {
        first.close(); // leaves the group at once; its tasks and open windows move to the survivor
        send(producer, batch, run, t0.plus(HALF), t0.plus(HALF.multipliedBy(2)).plusSeconds(60));
      }

      int windowsPerPump = (int) HALF.multipliedBy(2).toMinutes();
      List<PumpFeatures> out =
          features.awaitAtLeast(windowsPerPump * PUMPS, Duration.ofSeconds(120));
      Map<String, PumpFeatures> byWindow = new TreeMap<>();
      out.forEach(f -> byWindow.put(f.getPumpId() + "@" + f.getWindowStart().toEpochMilli(), f));
      assertThat(out)
          .as("no window counted twice")
          .hasSize(byWindow.size())
          .hasSize(windowsPerPump * PUMPS);
      List<String> names = FeatureSpec.PUMP_V1.featureNames();
      for (PumpWindows.Row row : batch.completeRows()) {
        PumpFeatures window = byWindow.get(row.pumpId() + "@" + row.windowStartMillis());
        assertThat(window)
            .as(row.pumpId() + " at " + Instant.ofEpochMilli(row.windowStartMillis()))
            .isNotNull();
        assertThat(window.getReadingCount()).as("no reading lost or counted twice").isEqualTo(12);
        int mean = names.indexOf("pressure.mean");
        assertThat(window.getFeatures().get("pressure.mean"))
            .isCloseTo(row.features()[mean], org.assertj.core.data.Offset.offset(1e-9));
      }
      assertThat(letters.awaitUntil(l -> true, Duration.ofSeconds(1))).isEmpty();
      assertThat(second.droppedRecords()).isZero();
      // The windows can all be out while the group is still settling (a cooperative rebalance
      // revokes and reassigns in steps): wait for the survivor's count to settle on more tasks.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(second.activeTasks())
                      .as("the survivor took the tasks over")
                      .isGreaterThan(survivorsTasks));
      assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  private FeatureStreamApp app(
      String applicationId,
      Path state,
      FeatureTopology.Config config,
      SchemaRegistryClient registry) {
    return new FeatureStreamApp(
        new FeatureStreamApp.Settings(
            stack.bootstrapServers(),
            applicationId,
            state,
            config,
            Duration.ofMillis(200),
            1,
            SESSION_TIMEOUT),
        registry);
  }

  /**
   * The service as its own JVM, configured like {@link #app}: the topology's defaults are the
   * service's (application.yml), the rest set here.
   */
  private ServiceProcess process(String applicationId, Path state) {
    Map<String, String> environment = new HashMap<>(stack.serviceEnvironment());
    environment.put("PUMPOPS_FEATURE_STREAM_APPLICATION_ID", applicationId);
    environment.put("PUMPOPS_FEATURE_STREAM_STATE_DIRECTORY", state.toString());
    environment.put("PUMPOPS_FEATURE_STREAM_DATA_ARRIVED_EVERY_RECORDS", "100000");
    environment.put("PUMPOPS_FEATURE_STREAM_COMMIT_INTERVAL", "PT0.2S");
    environment.put("PUMPOPS_FEATURE_STREAM_SESSION_TIMEOUT", SESSION_TIMEOUT.toString());
    return ServiceProcess.start("feature-stream", environment, Duration.ofSeconds(90));
  }

  /** An instance's Kafka Streams state; a service JVM reports it in its health details. */
  private static KafkaStreams.State state(AutoCloseable instance) throws Exception {
    return instance instanceof FeatureStreamApp app
        ? app.state()
        : KafkaStreams.State.valueOf(health(instance).findValue("kafkaStreams").asText());
  }

  private static int activeTasks(AutoCloseable instance) throws Exception {
    return instance instanceof FeatureStreamApp app
        ? app.activeTasks()
        : health(instance).findValue("activeTasks").asInt();
  }

  private static JsonNode health(AutoCloseable process) throws Exception {
    return JSON.readTree(((ServiceProcess) process).get("/health"));
  }

  /**
   * Readings of every pump over [from, to), five seconds apart, also added to the batch windows.
   */
  private static void send(
      KafkaProducer<String, PumpReading> producer,
      PumpWindows batch,
      String run,
      Instant from,
      Instant to) {
    for (Instant t = from; t.isBefore(to); t = t.plus(STEP)) {
      for (int p = 0; p < PUMPS; p++) {
        String pump = run + "-" + p;
        long seq = t.getEpochSecond() / STEP.toSeconds();
        PumpReading reading =
            PumpReading.newBuilder()
                .setPumpId(pump)
                .setSiteId("site-" + p % 3)
                .setEventTime(t)
                .setIngestTime(t)
                .setSeq(seq)
                .setChannels(
                    Map.of("pressure", 5.0 + Math.sin(seq / 20.0 + p), "flowRate", 100.0 + p))
                .build();
        producer.send(
            new ProducerRecord<>(
                Topics.PUMP_TELEMETRY.name(), null, t.toEpochMilli(), pump, reading));
        batch.add(pump, seq, t.toEpochMilli(), reading.getChannels());
      }
    }
    producer.flush();
  }
}
