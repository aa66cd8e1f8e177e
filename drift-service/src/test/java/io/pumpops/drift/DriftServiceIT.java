package io.pumpops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.ConsumerGroups;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * drift-service on a real broker: one detection, kept across a restart that loses the local state.
 */
@ExtendWith(LocalStackExtension.class)
class DriftServiceIT {

  /**
   * Recent: older than pump.drift-stats' retention, the broker would delete the data under the
   * test.
   */
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));

  private static final Duration HOP = Duration.ofMinutes(15);

  private final StackAddresses stack;
  private final SchemaRegistryClient registry;
  private final String run = UUID.randomUUID().toString();
  private final String model = "drift-it-" + run;
  private final String applicationId = "drift-service-it-" + run;

  DriftServiceIT(StackAddresses stack) {
    this.stack = stack;
    this.registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  private DriftServiceApp start(Path state) {
    DriftServiceApp app =
        new DriftServiceApp(
            new DriftServiceApp.Settings(
                stack.bootstrapServers(),
                applicationId,
                state,
                DriftPolicy.Settings.defaults(),
                Duration.ofMillis(200)),
            registry);
    app.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
    return app;
  }

  private void awaitCaughtUp() {
    ConsumerGroups.awaitCaughtUp(
        stack,
        applicationId,
        Duration.ofSeconds(60),
        Topics.PUMP_DRIFT_STATS.name(),
        applicationId + "-drift-stats-by-model-repartition");
  }

  @Test
  void oneDetectionAcrossARestartThatLostItsLocalStateAndARedelivery(
      @TempDir Path first, @TempDir Path second) {
    try (KafkaProducer<String, DriftStatistics> producer =
            TopicWriter.producer(stack, Topics.PUMP_DRIFT_STATS);
        TopicReader<DriftDetected> detections =
            new TopicReader<>(stack, Topics.DRIFT_DETECTED, d -> d.getModelName().equals(model))) {
      try (DriftServiceApp app = start(first)) {
        TestStatistics.sendFarPastTheLimit(producer, List.of(model), T0, HOP, 0, 2);
        awaitCaughtUp();
      }

      try (DriftServiceApp app = start(second)) {
        TestStatistics.sendFarPastTheLimit(producer, List.of(model), T0, HOP, 2, 3);
        TestStatistics.sendFarPastTheLimit(producer, List.of(model), T0, HOP, 0, 3);
        TestStatistics.sendFarPastTheLimit(producer, List.of(model), T0, HOP, 3, 6);
        awaitCaughtUp();

        List<DriftDetected> found = detections.awaitAtLeast(1, Duration.ofSeconds(30));
        assertThat(found)
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.getWindowStart()).isEqualTo(T0);
                  // The fourth window in a row (DriftPolicy's default) completes it: two before the
                  // restart, two after.
                  assertThat(d.getWindowEnd())
                      .isEqualTo(T0.plus(HOP.multipliedBy(3)).plus(Duration.ofHours(1)));
                });
      }
    }
  }
}
