package io.pumpops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SimulatedReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the demo's bootstrap waits on, against a real broker. */
@ExtendWith(LocalStackExtension.class)
class TelemetryProgressIT {

  private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

  private final StackAddresses stack;

  TelemetryProgressIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void theEventTimeEveryPartitionHasReached() throws Exception {
    int partitions = Topics.PUMP_TELEMETRY.partitions();
    try (TelemetryProgress progress = new TelemetryProgress(stack.bootstrapServers());
        KafkaProducer<String, PumpReading> producer =
            TopicWriter.producer(stack, Topics.PUMP_TELEMETRY)) {
      assertThat(progress.reached()).as("nothing stored yet").isEmpty();

      for (int p = 0; p < partitions; p++) {
        for (int minute = 0; minute <= 10; minute++) {
          send(producer, p, T0.plus(Duration.ofMinutes(minute)));
        }
      }
      assertThat(progress.reached()).contains(T0.plus(Duration.ofMinutes(10)));

      // One partition ahead: the others still hold the bootstrap back.
      send(producer, 0, T0.plus(Duration.ofMinutes(30)));
      assertThat(progress.reached()).contains(T0.plus(Duration.ofMinutes(10)));

      for (int p = 1; p < partitions; p++) {
        send(producer, p, T0.plus(Duration.ofMinutes(20)));
      }
      assertThat(progress.reached()).contains(T0.plus(Duration.ofMinutes(20)));
    }
  }

  private static void send(KafkaProducer<String, PumpReading> producer, int partition, Instant at)
      throws Exception {
    String pump = "pump-" + partition;
    SimulatedReading reading =
        new SimulatedReading("site", pump, at, at.getEpochSecond(), Map.of("flowRate", 100.0));
    producer
        .send(
            new ProducerRecord<>(
                Topics.PUMP_TELEMETRY.name(),
                partition,
                at.toEpochMilli(),
                pump,
                reading.toPumpReading(at)))
        .get();
  }
}
