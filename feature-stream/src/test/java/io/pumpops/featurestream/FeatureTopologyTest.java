package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeatureTopologyTest {

  private static final Instant T0 = Instant.parse("2026-03-09T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(1);
  private final Serde<PumpReading> readingSerde =
      AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry);
  private final Serde<PumpFeatures> featureSerde =
      AvroSerdes.valueSerde(Topics.PUMP_FEATURES, registry);
  private TopologyTestDriver driver;
  private TestInputTopic<String, PumpReading> telemetry;
  private TestOutputTopic<String, PumpFeatures> features;
  private TestOutputTopic<String, DataArrived> dataArrived;
  private final Serde<DataArrived> dataArrivedSerde =
      AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry);
  private final Serde<ModelPromoted> promotedSerde =
      AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry);
  private final Serde<DriftStatistics> driftSerde =
      AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry);
  private final Serde<RejectedReading> deadLetterSerde =
      AvroSerdes.valueSerde(Topics.DEAD_LETTERS, registry);

  private void start(FeatureSpec spec) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "feature-stream-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            FeatureTopology.build(
                new FeatureTopology.Config(
                    spec,
                    GRACE,
                    new FeatureTopology.DataArrivedPolicy(100, Duration.ofMinutes(1)),
                    DriftMonitoring.defaults(spec),
                    Duration.ofMinutes(2)),
                new FeatureTopology.TopicSerdes(
                    readingSerde,
                    featureSerde,
                    dataArrivedSerde,
                    promotedSerde,
                    driftSerde,
                    deadLetterSerde)),
            config,
            T0);
    telemetry =
        driver.createInputTopic(
            Topics.PUMP_TELEMETRY.name(), new StringSerializer(), readingSerde.serializer());
    features =
        driver.createOutputTopic(
            Topics.PUMP_FEATURES.name(), new StringDeserializer(), featureSerde.deserializer());
    dataArrived =
        driver.createOutputTopic(
            Topics.DATA_ARRIVED.name(), new StringDeserializer(), dataArrivedSerde.deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static PumpReading reading(String pumpId, long seq, Instant time, double pressure) {
    return PumpReading.newBuilder()
        .setPumpId(pumpId)
        .setSiteId("site-1")
        .setEventTime(time)
        .setIngestTime(time)
        .setSeq(seq)
        .setChannels(Map.of("pressure", pressure, "flowRate", 100.0 + seq % 3))
        .build();
  }

  private void send(PumpReading r) {
    telemetry.pipeInput(r.getPumpId(), r, r.getEventTime());
  }

  @Test
  void emitsOneRecordPerPumpAndWindowWhenTheWindowClosesWithTheLibrarysFeatures() {
    start(FeatureSpec.PUMP_V1);
    WindowAggregate expectedFirst = new WindowAggregate();
    for (int s = 0; s < 120; s++) {
      PumpReading r = reading("pump-1", s, T0.plusSeconds(s), 1.0 + 0.001 * s);
      send(r);
      if (s < 60) {
        expectedFirst.add(r.getEventTime().toEpochMilli(), r.getChannels());
      }
    }
    // Stream time 119 s: [0, 60) closed at 70 s (end plus grace), [60, 120) is still open.
    List<PumpFeatures> early = features.readValuesToList();
    assertThat(early).hasSize(1);

    send(reading("pump-1", 200, T0.plusSeconds(135), 1.0));

    PumpFeatures first = early.get(0);
    List<PumpFeatures> rest = features.readValuesToList();
    assertThat(first.getPumpId()).isEqualTo("pump-1");
    assertThat(first.getSiteId()).isEqualTo("site-1");
    assertThat(first.getWindowStart()).isEqualTo(T0);
    assertThat(first.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
    assertThat(first.getReadingCount()).isEqualTo(60);
    assertThat(first.getFeatureSpecVersion()).isEqualTo("pump-v1");
    assertThat(first.getEventId()).isEqualTo("pump-1/" + T0.toEpochMilli() + "/pump-v1");
    Map<String, Double> expected = expectedFirst.features(FeatureSpec.PUMP_V1);
    assertThat(first.getFeatures().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(first.getFeatures().get("pressure.mean")).isEqualTo(expected.get("pressure.mean"));
    assertThat(first.getFeatures().get("pressure.slope")).isEqualTo(expected.get("pressure.slope"));
    assertThat(rest).extracting(PumpFeatures::getWindowStart).containsExactly(T0.plusSeconds(60));
  }

  @Test
  void aWindowIsEmittedOnlyAfterItsGracePeriod() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 0, T0.plusSeconds(1), 1.0));
    send(reading("pump-1", 1, T0.plusSeconds(65), 1.0));

    assertThat(features.isEmpty()).isTrue();

    send(reading("pump-1", 2, T0.plusSeconds(70), 1.0));

    assertThat(features.readValuesToList())
        .extracting(PumpFeatures::getReadingCount)
        .containsExactly(1);
  }

  @Test
  void aReadingIsLateOnlyBehindItsOwnPumpAndIsThenDeadLetteredWithIt() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 0, T0.plusSeconds(10), 1.0));
    send(reading("pump-1", 1, T0.plusSeconds(65), 1.0));
    send(reading("pump-1", 2, T0.plusSeconds(50), 1.0)); // late, within grace: counts
    send(reading("pump-1", 3, T0.plusSeconds(75), 1.0)); // closes pump-1's [0, 60)
    send(
        reading(
            "pump-2",
            0,
            T0.plusSeconds(20),
            1.0)); // far behind pump-1, but pump-2's own first reading: counts
    send(reading("pump-1", 4, T0.plusSeconds(30), 1.0)); // behind pump-1's own closed window: late

    send(reading("pump-1", 5, T0.plusSeconds(200), 1.0));
    send(reading("pump-2", 1, T0.plusSeconds(200), 1.0));

    List<PumpFeatures> out = features.readValuesToList();
    assertThat(out)
        .filteredOn(f -> f.getPumpId().equals("pump-1"))
        .first()
        .satisfies(
            first -> {
              assertThat(first.getWindowStart()).isEqualTo(T0);
              assertThat(first.getReadingCount()).isEqualTo(2);
            });
    assertThat(out)
        .filteredOn(f -> f.getPumpId().equals("pump-2"))
        .extracting(PumpFeatures::getReadingCount)
        .containsExactly(1);
    assertThat(deadLetters().readValuesToList())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getReason()).isEqualTo(RejectionReason.TOO_LATE);
              assertThat(letter.getPumpId()).isEqualTo("pump-1");
              assertThat(letter.getMessage())
                  .contains("reading 4 of pump-1")
                  .contains("window had closed")
                  .contains("up to " + T0.plusSeconds(75));
              assertThat(
                      new String(
                          letter.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8))
                  .contains("pump-1");
            });
    assertThat(droppedRecords()).as("nothing dropped silently by the windows").isZero();
  }

  @Test
  void aSitesBacklogCountsInFullWhileTheOtherPumpsAreHoursAheadAndEqualsTheBatchWindows() {
    start(FeatureSpec.PUMP_V1);
    // pump-1 is live, six hours ahead; pump-2's site comes back with two hours of buffered
    // readings, and pump-3's clock runs five minutes ahead of everyone.
    Instant live = T0.plus(Duration.ofHours(6));
    send(reading("pump-1", 0, live, 1.0));
    send(reading("pump-3", 0, live.plusSeconds(300), 1.0));
    io.pumpops.features.window.PumpWindows batch =
        new io.pumpops.features.window.PumpWindows(FeatureSpec.PUMP_V1);
    for (int s = 0; s < 7200; s += 5) {
      PumpReading r = reading("pump-2", s / 5, T0.plusSeconds(s), 1.0 + Math.sin(s / 300.0));
      send(r);
      batch.add(r.getPumpId(), r.getSeq(), r.getEventTime().toEpochMilli(), r.getChannels());
      if (s % 600 == 0) {
        send(
            reading(
                "pump-1",
                1 + s,
                live.plusSeconds(1 + s / 60),
                1.0)); // live readings keep coming meanwhile
      }
    }
    send(
        reading(
            "pump-2",
            10_000,
            T0.plusSeconds(7300),
            1.0)); // the backlog's end closes its last window

    Map<Long, PumpFeatures> streamed = new java.util.TreeMap<>();
    features.readValuesToList().stream()
        .filter(f -> f.getPumpId().equals("pump-2"))
        .forEach(f -> streamed.put(f.getWindowStart().toEpochMilli(), f));
    assertThat(streamed).hasSize(120);
    List<String> names = FeatureSpec.PUMP_V1.featureNames();
    List<io.pumpops.features.window.PumpWindows.Row> rows = batch.completeRows();
    assertThat(rows).hasSize(118); // the batch leaves out each pump's first and last window
    for (io.pumpops.features.window.PumpWindows.Row row : rows) {
      PumpFeatures window = streamed.get(row.windowStartMillis());
      assertThat(window)
          .as("window at " + Instant.ofEpochMilli(row.windowStartMillis()))
          .isNotNull();
      for (int f = 0; f < names.size(); f++) {
        double expected = row.features()[f];
        Double actual = window.getFeatures().get(names.get(f));
        if (Double.isNaN(expected)) {
          assertThat(actual == null || actual.isNaN())
              .as(names.get(f) + " has no value in either")
              .isTrue();
        } else {
          assertThat(actual)
              .as(names.get(f))
              .isCloseTo(
                  expected, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(expected))));
        }
      }
    }
    assertThat(deadLetters().readValuesToList()).as("no reading of the backlog is late").isEmpty();
    assertThat(droppedRecords()).isZero();
  }

  private double droppedRecords() {
    return driver.metrics().entrySet().stream()
        .filter(m -> m.getKey().name().equals("dropped-records-total"))
        .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void aReadingWithoutAKeyIsWindowedByItsPumpIdAndDoesNotStopTheStream() {
    start(FeatureSpec.PUMP_V1);
    telemetry.pipeInput(null, reading("pump-1", 0, T0.plusSeconds(1), 1.0), T0.plusSeconds(1));
    send(reading("pump-1", 1, T0.plusSeconds(100), 1.0));

    assertThat(features.readKeyValuesToMap())
        .containsOnlyKeys("pump-1")
        .extractingByKey("pump-1")
        .extracting(PumpFeatures::getReadingCount)
        .isEqualTo(1);
  }

  @Test
  void pumpsHaveTheirOwnWindows() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 0, T0.plusSeconds(1), 1.0));
    send(reading("pump-2", 0, T0.plusSeconds(2), 2.0));
    send(reading("pump-2", 1, T0.plusSeconds(3), 4.0));
    send(reading("pump-1", 1, T0.plusSeconds(100), 1.0));

    assertThat(features.readKeyValuesToMap())
        .as("pump-2's window waits for pump-2")
        .containsOnlyKeys("pump-1")
        .extractingByKey("pump-1")
        .extracting(PumpFeatures::getReadingCount)
        .isEqualTo(1);

    send(reading("pump-2", 2, T0.plusSeconds(100), 4.0));
    PumpFeatures second = features.readKeyValuesToMap().get("pump-2");
    assertThat(second.getReadingCount()).isEqualTo(2);
    assertThat(second.getFeatures().get("pressure.mean")).isEqualTo(3.0);
  }

  @Test
  void aRedeliveredReadingCountsOnceAndTheDataArrivedCountStillSeesIt() {
    start(FeatureSpec.PUMP_V1);
    PumpReading reading = reading("pump-1", 7, T0.plusSeconds(5), 2.0);
    send(reading);
    send(reading);
    send(reading("pump-1", 8, T0.plusSeconds(6), 4.0));
    send(reading("pump-1", 9, T0.plusSeconds(100), 1.0));

    PumpFeatures first = features.readValuesToList().get(0);

    assertThat(first.getReadingCount()).isEqualTo(2);
    assertThat(first.getFeatures().get("pressure.mean")).isEqualTo(3.0);
    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(dataArrived.readValuesToList())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getRecordCount())
                    .as("offsets read, duplicates included")
                    .isEqualTo(4));
    assertThat(deadLetters().readValuesToList()).as("a redelivery is no conflict").isEmpty();
  }

  @Test
  void aReusedSequenceNumberWithOtherValuesIsNotCountedButDeadLetteredNotDroppedSilently() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 7, T0.plusSeconds(5), 2.0));
    send(reading("pump-1", 7, T0.plusSeconds(6), 9.0));
    send(reading("pump-1", 8, T0.plusSeconds(7), 4.0));
    send(reading("pump-1", 9, T0.plusSeconds(100), 1.0));

    PumpFeatures first = features.readValuesToList().get(0);
    List<RejectedReading> letters = deadLetters().readValuesToList();

    assertThat(first.getReadingCount()).isEqualTo(2);
    assertThat(first.getFeatures().get("pressure.mean")).isEqualTo(3.0);
    assertThat(letters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getPumpId()).isEqualTo("pump-1");
              assertThat(d.getMessage())
                  .contains("seq 7")
                  .contains("seen before with other values");
              assertThat(
                      new String(d.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8))
                  .contains("9.0");
            });
  }

  private TestOutputTopic<String, RejectedReading> deadLetters() {
    return driver.createOutputTopic(
        Topics.DEAD_LETTERS.name(), new StringDeserializer(), deadLetterSerde.deserializer());
  }

  @Test
  void hoppingWindowsCountAReadingInEveryWindowThatCoversIt() {
    FeatureSpec hopping =
        new FeatureSpec(
            "hop-test",
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            FeatureSpec.PUMP_V1.channels(),
            FeatureSpec.PUMP_V1.statistics(),
            FeatureSpec.PUMP_V1.crossFeatures());
    start(hopping);
    send(reading("pump-1", 0, T0.plusSeconds(45), 1.0));
    send(reading("pump-1", 1, T0.plusSeconds(300), 1.0));

    List<PumpFeatures> out = features.readValuesToList();

    assertThat(out)
        .extracting(PumpFeatures::getWindowStart)
        .containsExactly(T0, T0.plusSeconds(30));
  }

  @Test
  void dataArrivedReportsExactOffsetRangesEveryHundredReadingsAndTheRestOnTheInterval() {
    start(FeatureSpec.PUMP_V1);
    for (int s = 0; s < 250; s++) {
      send(reading("pump-" + s % 4, s, T0.plusSeconds(s), 1.0));
    }
    List<DataArrived> byCount = dataArrived.readValuesToList();

    driver.advanceWallClockTime(Duration.ofMinutes(1));
    List<DataArrived> byTime = dataArrived.readValuesToList();

    assertThat(byCount).hasSize(2);
    assertThat(byCount.get(0).getRanges())
        .containsExactly(new OffsetRange("pump.telemetry", 0, 0L, 100L, 100L));
    assertThat(byCount.get(1).getRanges())
        .containsExactly(new OffsetRange("pump.telemetry", 0, 100L, 200L, 100L));
    assertThat(byCount.get(0).getFirstEventTime()).isEqualTo(T0);
    assertThat(byCount.get(0).getLastEventTime()).isEqualTo(T0.plusSeconds(99));
    assertThat(byTime)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getRanges())
                  .containsExactly(new OffsetRange("pump.telemetry", 0, 200L, 250L, 50L));
              assertThat(d.getRecordCount()).isEqualTo(50);
              assertThat(d.getDataset()).isEqualTo("pump.telemetry");
            });

    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(dataArrived.isEmpty()).as("nothing new, nothing reported").isTrue();
  }
}
