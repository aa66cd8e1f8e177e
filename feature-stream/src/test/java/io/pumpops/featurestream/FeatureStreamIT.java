package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real broker, exactly-once: telemetry in, one feature record per closed window
 * out.
 */
@ExtendWith(LocalStackExtension.class)
class FeatureStreamIT {

  private final StackAddresses stack;

  FeatureStreamIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void closedWindowsOfEveryPumpArriveOnPumpFeatures(@TempDir Path state) throws Exception {
    String run = UUID.randomUUID().toString();
    SchemaRegistryClient registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
    // Recent: older than pump.features' retention, the broker would delete the data under the test.
    Instant t0 =
        Instant.now()
            .truncatedTo(ChronoUnit.DAYS)
            .minus(Duration.ofDays(1))
            .plus(Duration.ofHours(10));
    try (FeatureStreamApp app =
        new FeatureStreamApp(
            new FeatureStreamApp.Settings(
                stack.bootstrapServers(),
                "feature-stream-it-" + run,
                state,
                new FeatureTopology.Config(
                    FeatureSpec.PUMP_V1,
                    Duration.ofSeconds(10),
                    new FeatureTopology.DataArrivedPolicy(10_000, Duration.ofSeconds(2)),
                    DriftMonitoring.defaults(FeatureSpec.PUMP_V1),
                    Duration.ofMinutes(2)),
                Duration.ofMillis(200),
                1),
            registry)) {
      app.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);

      Map<Integer, Long> before = endOffsets();
      try (KafkaProducer<String, PumpReading> producer =
          TopicWriter.producer(stack, Topics.PUMP_TELEMETRY)) {
        for (int s = 0; s < 200; s++) {
          for (int p = 0; p < 3; p++) {
            String pump = "fs-" + run + "-" + p;
            Instant time = t0.plusSeconds(s);
            producer.send(
                new ProducerRecord<>(
                    Topics.PUMP_TELEMETRY.name(),
                    null,
                    time.toEpochMilli(),
                    pump,
                    PumpReading.newBuilder()
                        .setPumpId(pump)
                        .setSiteId("site-fs")
                        .setEventTime(time)
                        .setIngestTime(time)
                        .setSeq(s)
                        .setChannels(Map.of("pressure", 1.0 + p, "flowRate", 100.0))
                        .build()));
          }
        }
      }
      // Two records that are not Avro at all, on a partition none of the pumps above uses (so that
      // the data-arrived ranges of their partitions stay dense): dead-lettered, never a stop.
      int poisoned =
          unusedPartition(List.of("fs-" + run + "-0", "fs-" + run + "-1", "fs-" + run + "-2"));
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  stack.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              AvroSerdes.keySerde().serializer(),
              new ByteArraySerializer())) {
        for (String garbage :
            List.of("{\"pumpId\": \"json, not avro\"}", "\u0000\u0000\u0000\u7fff")) {
          raw.send(
              new ProducerRecord<>(
                  Topics.PUMP_TELEMETRY.name(),
                  poisoned,
                  "poison-" + run,
                  garbage.getBytes(StandardCharsets.UTF_8)));
        }
      }

      List<PumpFeatures> read;
      try (TopicReader<PumpFeatures> reader =
          new TopicReader<>(
              stack, Topics.PUMP_FEATURES, f -> f.getPumpId().startsWith("fs-" + run))) {
        read = reader.awaitAtLeast(9, Duration.ofSeconds(90));
      }
      // 200 s of readings close the windows [0,60), [60,120), [120,180) of each of the 3 pumps.
      assertThat(read).hasSize(9);
      assertThat(read).allSatisfy(f -> assertThat(f.getReadingCount()).isEqualTo(60));
      assertThat(read)
          .filteredOn(f -> f.getPumpId().endsWith("-2"))
          .allSatisfy(f -> assertThat(f.getFeatures().get("pressure.mean")).isEqualTo(3.0));

      // Other tests of this module write telemetry too (and their apps report it): count what the
      // reports say of the offsets this test wrote; each must be reported exactly once.
      Map<Integer, Long> after = endOffsets();
      List<DataArrived> reports;
      try (TopicReader<DataArrived> reader =
          new TopicReader<>(stack, Topics.DATA_ARRIVED, d -> true)) {
        reports =
            reader.awaitUntil(r -> reportedOf(r, before, after) >= 600, Duration.ofSeconds(60));
      }
      assertThat(reportedOf(reports, before, after)).isEqualTo(600);
      assertThat(reports)
          .flatExtracting(DataArrived::getRanges)
          .allSatisfy(
              r -> assertThat(r.getToOffset() - r.getFromOffset()).isEqualTo(r.getRecordCount()));

      List<RejectedReading> letters;
      try (TopicReader<RejectedReading> reader =
          new TopicReader<>(
              stack, Topics.DEAD_LETTERS, d -> ("poison-" + run).equals(d.getPumpId()))) {
        letters = reader.awaitAtLeast(2, Duration.ofSeconds(60));
      }
      assertThat(letters)
          .allSatisfy(
              d -> {
                assertThat(d.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
                assertThat(d.getService()).isEqualTo("feature-stream");
                assertThat(d.getSourceTopic()).isEqualTo(Topics.PUMP_TELEMETRY.name());
                assertThat(d.getSourcePartition()).isEqualTo(poisoned);
              });
      assertThat(app.deadLetteredOnRead())
          .as("the two undecodable records")
          .isGreaterThanOrEqualTo(2);
      assertThat(app.droppedRecords()).as("dead-lettered is not dropped").isZero();
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /**
   * How many of the offsets in [before, after) of pump.telemetry the reports cover (twice if
   * reported twice).
   */
  private static long reportedOf(
      List<DataArrived> reports, Map<Integer, Long> before, Map<Integer, Long> after) {
    return reports.stream()
        .flatMap(d -> d.getRanges().stream())
        .mapToLong(
            r ->
                Math.max(
                    0,
                    Math.min(r.getToOffset(), after.get(r.getPartition()))
                        - Math.max(r.getFromOffset(), before.get(r.getPartition()))))
        .sum();
  }

  private Map<Integer, Long> endOffsets() {
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new java.util.ArrayList<>();
      for (int p = 0; p < Topics.PUMP_TELEMETRY.partitions(); p++) {
        partitions.add(new org.apache.kafka.common.TopicPartition(Topics.PUMP_TELEMETRY.name(), p));
      }
      Map<Integer, Long> out = new java.util.HashMap<>();
      consumer.endOffsets(partitions).forEach((tp, offset) -> out.put(tp.partition(), offset));
      return out;
    }
  }

  private static int unusedPartition(List<String> keys) {
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (String key : keys) {
      used.add(
          Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
              % Topics.PUMP_TELEMETRY.partitions());
    }
    for (int p = 0; p < Topics.PUMP_TELEMETRY.partitions(); p++) {
      if (!used.contains(p)) {
        return p;
      }
    }
    throw new IllegalStateException("three pumps cannot use six partitions");
  }
}
