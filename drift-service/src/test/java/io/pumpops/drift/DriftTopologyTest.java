package io.pumpops.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftTopologyTest {

  private static final Instant T0 = Instant.parse("2026-03-09T00:00:00Z");
  private static final Duration HOP = Duration.ofMinutes(15);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(1);
  private final Serde<DriftStatistics> statsSerde =
      AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry);
  private final Serde<DriftDetected> detectedSerde =
      AvroSerdes.valueSerde(Topics.DRIFT_DETECTED, registry);
  private TopologyTestDriver driver;
  private TestInputTopic<String, DriftStatistics> stats;
  private TestOutputTopic<String, DriftDetected> detected;

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-service-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            DriftTopology.build(DriftPolicy.Settings.defaults(), statsSerde, detectedSerde),
            config,
            T0);
    stats =
        driver.createInputTopic(
            Topics.PUMP_DRIFT_STATS.name(), new StringSerializer(), statsSerde.serializer());
    detected =
        driver.createOutputTopic(
            Topics.DRIFT_DETECTED.name(), new StringDeserializer(), detectedSerde.deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static DriftStatistics stats(String model, String feature, int window, double psi) {
    Instant start = T0.plus(HOP.multipliedBy(window));
    return DriftStatistics.newBuilder()
        .setEventId(model + "/1/" + feature + "/" + start.toEpochMilli())
        .setEventTime(start.plus(Duration.ofHours(1)))
        .setModelName(model)
        .setModelVersion(1)
        .setFeatureName(feature)
        .setWindowStart(start)
        .setWindowEnd(start.plus(Duration.ofHours(1)))
        .setFeatureSpecVersion("pump-v1")
        .setSampleSize(600)
        .setReferenceSize(3600)
        .setPsi(psi)
        .setKsStatistic(0.3)
        .setKsPValue(0.0)
        .setWasserstein(0.5)
        .setJensenShannon(0.3)
        .setDataRanges(
            List.of(
                new OffsetRange(
                    Topics.PUMP_FEATURES.name(), 0, window * 150L, window * 150L + 600, 600L)))
        .build();
  }

  private void window(String model, int w, double psi) {
    for (String feature : List.of("hydraulicPower.mean", "pressure.mean")) {
      DriftStatistics s = stats(model, feature, w, psi);
      stats.pipeInput(feature, s, s.getEventTime());
    }
  }

  @Test
  void fourDriftedWindowsOfTwoFeaturesMakeExactlyOneDetectionKeyedByModel() {
    for (int w = 0; w < 8; w++) {
      // Over 0.2 but under the solo ratio (2x) at which one feature alone would do.
      window("pump-anomaly", w, 0.3);
    }

    List<org.apache.kafka.streams.test.TestRecord<String, DriftDetected>> out =
        detected.readRecordsToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("pump-anomaly");
              DriftDetected d = r.value();
              assertThat(d.getFeatures())
                  .extracting(f -> f.getFeatureName())
                  .containsExactly("hydraulicPower.mean", "pressure.mean");
              assertThat(d.getWindowStart()).isEqualTo(T0);
              assertThat(d.getWindowEnd())
                  .isEqualTo(T0.plus(HOP.multipliedBy(3)).plus(Duration.ofHours(1)));
              assertThat(d.getDataRanges())
                  .extracting(OffsetRange::getFromOffset)
                  .containsExactly(0L, 150L, 300L, 450L);
              assertThat(d.getPolicy()).contains("psi>=0.2");
            });
  }

  @Test
  void redeliveredStatisticsAndQuietModelsProduceNothing() {
    for (int w = 0; w < 4; w++) {
      window("pump-anomaly", w, 0.9);
    }
    for (int w = 0; w < 4; w++) {
      window("pump-anomaly", w, 0.9);
      window("other-model", w, 0.05);
    }

    assertThat(detected.readValuesToList())
        .extracting(DriftDetected::getModelName)
        .containsExactly("pump-anomaly");
  }

  @Test
  void thePolicyStateIsKeptInTheStorePerModel() {
    window("pump-anomaly", 0, 0.9);

    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(DriftDetector.STORE);
    assertThat(new String(store.get("pump-anomaly"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"consecutiveOver\":1")
        .contains("pressure.mean");
    assertThat(store.get("other-model")).isNull();
  }
}
