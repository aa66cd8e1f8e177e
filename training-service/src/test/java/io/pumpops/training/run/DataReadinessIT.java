package io.pumpops.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.TrainingTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whether a run's data has arrived, read from a real broker's time index. */
@ExtendWith(LocalStackExtension.class)
class DataReadinessIT {

  private static final Instant CHANGE = Instant.parse("2026-05-01T02:00:00Z");
  private static final Instant END = CHANGE.plus(Duration.ofHours(2));

  private final StackAddresses stack;
  private final String topic = "telemetry-readiness-" + UUID.randomUUID();

  DataReadinessIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aRunWaitsUntilEveryPartitionWithNewDataHasReachedItsEnd() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin.createTopics(List.of(keptForever(new NewTopic(topic, 3, (short) 1)))).all().get();
    }
    DataReadiness readiness =
        new DataReadiness(stack.bootstrapServers(), topic, Clock.systemUTC(), Duration.ofHours(1));
    RunRequest run =
        RunRequest.forEvent("pump-anomaly", TrainingTrigger.DRIFT_DETECTED, "d1", CHANGE, END);

    assertThat(readiness.test(run)).as("no data at all").isFalse();
    // Partition 0: a live site, already past the end. Partition 1: a site catching up, an hour in.
    // Partition 2: a site that has sent nothing since before the change (offline): not waited for.
    send(0, END.plusSeconds(60));
    send(1, CHANGE.plus(Duration.ofHours(1)));
    send(2, CHANGE.minus(Duration.ofHours(1)));
    assertThat(readiness.test(run)).as("partition 1 has not reached the end").isFalse();

    send(1, END.plusSeconds(1));
    assertThat(readiness.test(run)).isTrue();
    assertThat(
            readiness.test(
                RunRequest.forEvent(
                    "pump-anomaly", TrainingTrigger.DRIFT_DETECTED, "d2", CHANGE, null)))
        .as("an open-ended run never waits")
        .isTrue();
  }

  @Test
  void afterTheLongestWaitARunTrainsOnWhatHasArrived() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin.createTopics(List.of(keptForever(new NewTopic(topic, 1, (short) 1)))).all().get();
    }
    send(0, CHANGE.plus(Duration.ofMinutes(30)));
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    Clock[] clock = {Clock.fixed(now, ZoneOffset.UTC)};
    DataReadiness readiness =
        new DataReadiness(
            stack.bootstrapServers(),
            topic,
            new Clock() {
              @Override
              public ZoneOffset getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return clock[0].instant();
              }
            },
            Duration.ofHours(6));
    RunRequest run =
        RunRequest.forEvent("pump-anomaly", TrainingTrigger.DRIFT_DETECTED, "d1", CHANGE, END);

    assertThat(readiness.test(run)).isFalse();
    clock[0] = Clock.fixed(now.plus(Duration.ofHours(5)), ZoneOffset.UTC);
    assertThat(readiness.test(run)).isFalse();
    clock[0] = Clock.fixed(now.plus(Duration.ofHours(6)).plusSeconds(1), ZoneOffset.UTC);
    assertThat(readiness.test(run))
        .as("six hours of waiting: train on the half hour there is")
        .isTrue();
  }

  /**
   * The readings are stamped in May 2026: under the broker's default retention (seven days of
   * record time) its retention check would delete them in the middle of the test.
   */
  private static NewTopic keptForever(NewTopic topic) {
    return topic.configs(Map.of("retention.ms", "-1"));
  }

  private void send(int partition, Instant eventTime) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic, partition, eventTime.toEpochMilli(), new byte[0], new byte[] {1}))
          .get();
    }
  }
}
