package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.schemas.avro.DataArrived;
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
  private final Serde<PumpReading> readingSerde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry);
  private final Serde<PumpFeatures> featureSerde = AvroSerdes.valueSerde(Topics.PUMP_FEATURES, registry);
  private TopologyTestDriver driver;
  private TestInputTopic<String, PumpReading> telemetry;
  private TestOutputTopic<String, PumpFeatures> features;
  private TestOutputTopic<String, DataArrived> dataArrived;
  private final Serde<DataArrived> dataArrivedSerde = AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry);
  private final Serde<ModelPromoted> promotedSerde = AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry);
  private final Serde<DriftStatistics> driftSerde = AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry);
  private final Serde<RejectedReading> deadLetterSerde = AvroSerdes.valueSerde(Topics.DEAD_LETTERS, registry);

  private void start(FeatureSpec spec) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "feature-stream-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(FeatureTopology.build(new FeatureTopology.Config(spec, GRACE,
            new FeatureTopology.DataArrivedPolicy(100, Duration.ofMinutes(1)), DriftMonitoring.defaults(spec),
            Duration.ofMinutes(2)),
        new FeatureTopology.TopicSerdes(readingSerde, featureSerde, dataArrivedSerde, promotedSerde, driftSerde,
            deadLetterSerde)),
        config, T0);
    telemetry = driver.createInputTopic(Topics.PUMP_TELEMETRY.name(), new StringSerializer(), readingSerde.serializer());
    features = driver.createOutputTopic(Topics.PUMP_FEATURES.name(), new StringDeserializer(), featureSerde.deserializer());
    dataArrived = driver.createOutputTopic(Topics.DATA_ARRIVED.name(), new StringDeserializer(),
        dataArrivedSerde.deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static PumpReading reading(String pumpId, long seq, Instant time, double pressure) {
    return PumpReading.newBuilder().setPumpId(pumpId).setSiteId("site-1").setEventTime(time).setIngestTime(time)
        .setSeq(seq).setChannels(Map.of("pressure", pressure, "flowRate", 100.0 + seq % 3)).build();
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

    assertThat(features.readValuesToList()).extracting(PumpFeatures::getReadingCount).containsExactly(1);
  }

  @Test
  void lateReadingsCountWithinGraceAndAreDeadLetteredWithTheirPumpAfterIt() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 0, T0.plusSeconds(10), 1.0));
    send(reading("pump-1", 1, T0.plusSeconds(65), 1.0));
    send(reading("pump-1", 2, T0.plusSeconds(50), 1.0));   // late, within grace: counts
    send(reading("pump-1", 3, T0.plusSeconds(75), 1.0));   // closes [0, 60)
    send(reading("pump-2", 0, T0.plusSeconds(20), 1.0));   // another pump of the partition, later than the grace

    send(reading("pump-1", 5, T0.plusSeconds(200), 1.0));

    List<PumpFeatures> out = features.readValuesToList();
    assertThat(out.get(0).getWindowStart()).isEqualTo(T0);
    assertThat(out.get(0).getReadingCount()).isEqualTo(2);
    assertThat(out).extracting(PumpFeatures::getPumpId).doesNotContain("pump-2");
    assertThat(deadLetters().readValuesToList()).singleElement().satisfies(letter -> {
      assertThat(letter.getReason()).isEqualTo(RejectionReason.TOO_LATE);
      assertThat(letter.getPumpId()).isEqualTo("pump-2");
      assertThat(letter.getMessage()).contains("reading 0 of pump-2").contains("window had closed");
      assertThat(new String(letter.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8)).contains("pump-2");
    });
    assertThat(driver.metrics().entrySet().stream()
        .filter(m -> m.getKey().name().equals("dropped-records-total"))
        .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum())
        .as("nothing dropped silently by the window").isZero();
  }

  @Test
  void pumpsHaveTheirOwnWindows() {
    start(FeatureSpec.PUMP_V1);
    send(reading("pump-1", 0, T0.plusSeconds(1), 1.0));
    send(reading("pump-2", 0, T0.plusSeconds(2), 2.0));
    send(reading("pump-2", 1, T0.plusSeconds(3), 4.0));
    send(reading("pump-1", 1, T0.plusSeconds(100), 1.0));

    Map<String, PumpFeatures> byPump = features.readKeyValuesToMap();

    assertThat(byPump.get("pump-1").getReadingCount()).isEqualTo(1);
    assertThat(byPump.get("pump-2").getReadingCount()).isEqualTo(2);
    assertThat(byPump.get("pump-2").getFeatures().get("pressure.mean")).isEqualTo(3.0);
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
    assertThat(dataArrived.readValuesToList()).singleElement()
        .satisfies(d -> assertThat(d.getRecordCount()).as("offsets read, duplicates included").isEqualTo(4));
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
    assertThat(letters).singleElement().satisfies(d -> {
      assertThat(d.getPumpId()).isEqualTo("pump-1");
      assertThat(d.getMessage()).contains("seq 7").contains("seen before with other values");
      assertThat(new String(d.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8)).contains("9.0");
    });
  }

  private TestOutputTopic<String, RejectedReading> deadLetters() {
    return driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(),
        deadLetterSerde.deserializer());
  }

  @Test
  void hoppingWindowsCountAReadingInEveryWindowThatCoversIt() {
    FeatureSpec hopping = new FeatureSpec("hop-test", Duration.ofSeconds(60), Duration.ofSeconds(30),
        FeatureSpec.PUMP_V1.channels(), FeatureSpec.PUMP_V1.statistics(), FeatureSpec.PUMP_V1.crossFeatures());
    start(hopping);
    send(reading("pump-1", 0, T0.plusSeconds(45), 1.0));
    send(reading("pump-1", 1, T0.plusSeconds(300), 1.0));

    List<PumpFeatures> out = features.readValuesToList();

    assertThat(out).extracting(PumpFeatures::getWindowStart)
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
    assertThat(byCount.get(0).getRanges()).containsExactly(new OffsetRange("pump.telemetry", 0, 0L, 100L, 100L));
    assertThat(byCount.get(1).getRanges()).containsExactly(new OffsetRange("pump.telemetry", 0, 100L, 200L, 100L));
    assertThat(byCount.get(0).getFirstEventTime()).isEqualTo(T0);
    assertThat(byCount.get(0).getLastEventTime()).isEqualTo(T0.plusSeconds(99));
    assertThat(byTime).singleElement().satisfies(d -> {
      assertThat(d.getRanges()).containsExactly(new OffsetRange("pump.telemetry", 0, 200L, 250L, 50L));
      assertThat(d.getRecordCount()).isEqualTo(50);
      assertThat(d.getDataset()).isEqualTo("pump.telemetry");
    });

    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(dataArrived.isEmpty()).as("nothing new, nothing reported").isTrue();
  }
}
