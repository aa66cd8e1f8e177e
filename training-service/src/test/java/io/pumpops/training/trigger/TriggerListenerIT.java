package io.pumpops.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.training.run.RunRequest;
import io.pumpops.training.run.RunResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trigger listener on a real broker and registry: a record that is not an event is
 * dead-lettered and the next one still triggers; a trigger whose admission Kafka did not record is
 * tried again, not dropped; data-arrived and drift-detected both reach the coordinator from one
 * consumer group.
 */
@ExtendWith(LocalStackExtension.class)
class TriggerListenerIT {

  private static final Instant NOW = Instant.now();

  private final StackAddresses stack;
  private final SchemaRegistry registry;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String model = "model-" + run;

  TriggerListenerIT(StackAddresses stack) {
    this.stack = stack;
    this.registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  @Test
  void aBadRecordIsDeadLetteredAndAnUnrecordedAdmissionIsTriedAgain() throws Exception {
    List<RunRequest> ran = new CopyOnWriteArrayList<>();
    AtomicInteger admissions = new AtomicInteger();
    // The first admission fails as if Kafka had refused the run's opening record.
    TrainingCoordinator coordinator =
        new TrainingCoordinator(
            request -> {
              ran.add(request);
              return new RunResult(
                  request.runId(), request.modelName(), true, 1, false, "ok", false);
            },
            request -> {
              if (admissions.getAndIncrement() == 0) {
                throw new IllegalStateException("Kafka unreachable");
              }
            },
            List.of(),
            new TrainingCoordinator.Retry(1, Duration.ofMillis(10)));
    // Data-arrived triggers a run once 10 new records have come; they "come" with this test's
    // event, so that older data-arrived events on the shared broker trigger nothing.
    AtomicBoolean dataSent = new AtomicBoolean();
    TriggerPolicy policy =
        new TriggerPolicy(
            new TriggerPolicy.Settings(
                List.of(model), Duration.ofHours(6), 10, Duration.ofHours(1), Duration.ofHours(2)),
            Clock.systemUTC(),
            m -> Optional.empty(),
            lineage -> dataSent.get() ? 10L : 0L);
    String key = "garbage-" + run;

    try (TopicReader<RejectedReading> letters =
            new TopicReader<>(
                stack,
                Topics.DEAD_LETTERS,
                d ->
                    "training-service".equals(d.getService())
                        && d.getMessage().contains("(key " + key + ")"));
        TriggerListener listener =
            new TriggerListener(
                stack.bootstrapServers(),
                "training-" + run,
                registry,
                policy,
                coordinator,
                new DeadLetterPublisher(
                    "training-service", stack.bootstrapServers(), registry, Clock.systemUTC()))) {
      listener.start();
      try (KafkaProducer<String, byte[]> raw = producer()) {
        raw.send(
                new ProducerRecord<>(
                    Topics.DRIFT_DETECTED.name(),
                    key,
                    "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)))
            .get();
        raw.send(
                new ProducerRecord<>(
                    Topics.DRIFT_DETECTED.name(),
                    model,
                    serialize(Topics.DRIFT_DETECTED.name(), drift("drift-" + run))))
            .get();

        List<RejectedReading> dead = letters.awaitAtLeast(1, Duration.ofSeconds(60));
        assertThat(dead)
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
                  assertThat(d.getSourceTopic()).isEqualTo(Topics.DRIFT_DETECTED.name());
                });
        await().atMost(Duration.ofSeconds(60)).until(() -> ran.size() == 1);
        assertThat(ran.get(0).trigger()).isEqualTo(TrainingTrigger.DRIFT_DETECTED);
        assertThat(ran.get(0).triggerEventId()).isEqualTo("drift-" + run);
        assertThat(admissions.get()).as("the refused admission was tried again").isEqualTo(2);

        // Sent only now, so that the coordinator cannot fold it into the drift's run.
        dataSent.set(true);
        raw.send(
                new ProducerRecord<>(
                    Topics.DATA_ARRIVED.name(),
                    model,
                    serialize(Topics.DATA_ARRIVED.name(), arrived("arrived-" + run))))
            .get();
        await().atMost(Duration.ofSeconds(60)).until(() -> ran.size() == 2);
        assertThat(ran.get(1).trigger()).isEqualTo(TrainingTrigger.DATA_ARRIVED);
      }
      assertThat(listener.isRunning()).isTrue();
    } finally {
      coordinator.close();
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private byte[] serialize(String topic, DriftDetected event) {
    return AvroSerdes.valueSerde(Topics.DRIFT_DETECTED, registry)
        .serializer()
        .serialize(topic, event);
  }

  private byte[] serialize(String topic, DataArrived event) {
    return AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry)
        .serializer()
        .serialize(topic, event);
  }

  private DriftDetected drift(String id) {
    return DriftDetected.newBuilder()
        .setEventId(id)
        .setEventTime(NOW)
        .setModelName(model)
        .setModelVersion(1)
        .setFeatures(List.of())
        .setWindowStart(NOW.minus(Duration.ofHours(2)))
        .setWindowEnd(NOW.minus(Duration.ofHours(1)))
        .setDataRanges(List.of())
        .setPolicy("test")
        .build();
  }

  private static DataArrived arrived(String id) {
    return DataArrived.newBuilder()
        .setEventId(id)
        .setEventTime(NOW)
        .setDataset("pump.telemetry")
        .setRanges(List.of())
        .setRecordCount(10)
        .build();
  }
}
