package io.pumpops.training.trigger;

import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.messaging.listener.GroupConsumers;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code mlops.drift-detected} and {@code mlops.data-arrived} in a consumer group and
 * hands triggers to the coordinator. Offsets are committed after the coordinator has admitted the
 * batch; an event redelivered after a crash is recognised by its id. A record that is not a valid
 * event is logged with its offset and skipped: it cannot become a training run.
 */
public final class TriggerListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerListener.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<DriftDetected> drifts;
  private final Deserializer<DataArrived> arrivals;
  private final TriggerPolicy policy;
  private final TrainingCoordinator coordinator;
  private final DeadLetterPublisher deadLetters;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public TriggerListener(String bootstrapServers, String groupId, SchemaRegistry registry, TriggerPolicy policy,
                         TrainingCoordinator coordinator, DeadLetterPublisher deadLetters) {
    this.policy = policy;
    this.deadLetters = deadLetters;
    this.coordinator = coordinator;
    this.drifts = AvroSerdes.valueSerde(Topics.DRIFT_DETECTED, registry).deserializer();
    this.arrivals = AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry).deserializer();
    this.consumer = GroupConsumers.create(bootstrapServers, groupId);
    this.thread = new Thread(this::loop, "training-triggers");
  }

  public void start() {
    consumer.subscribe(List.of(Topics.DRIFT_DETECTED.name(), Topics.DATA_ARRIVED.name()));
    thread.start();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  private void loop() {
    try {
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(500));
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        try {
          for (ConsumerRecord<byte[], byte[]> record : records) {
            handle(record);
            handled.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1));
          }
        } catch (TrainingCoordinator.AdmissionNotRecordedException e) {
          // Kafka did not take the run's opening record: commit what was handled, read the rest again.
          LOG.warn("{}; trying the trigger again in {} s", e.getMessage(), RETRY_PAUSE.toSeconds());
          for (TopicPartition partition : records.partitions()) {
            OffsetAndMetadata done = handled.get(partition);
            consumer.seek(partition, done != null ? done.offset() : records.records(partition).get(0).offset());
          }
          pause();
        }
        if (!handled.isEmpty()) {
          consumer.commitSync(handled);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
      deadLetters.close();
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    boolean drift = record.topic().equals(Topics.DRIFT_DETECTED.name());
    Object event;
    try {
      event = drift ? drifts.deserialize(record.topic(), record.value())
          : arrivals.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      // Thrown on, a dead letter Kafka did not store stops the loop before the batch is committed.
      deadLetters.publish(record, RejectionReason.UNDECODABLE, e);
      return;
    }
    try {
      if (drift) {
        policy.onDriftDetected((DriftDetected) event).ifPresent(coordinator::submit);
      } else {
        policy.onDataArrived((DataArrived) event).forEach(coordinator::submit);
      }
    } catch (TrainingCoordinator.AdmissionNotRecordedException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.error("{}/{} offset {} could not become a training trigger: {}", record.topic(), record.partition(),
          record.offset(), e.toString(), e);
      deadLetters.publish(record, RejectionReason.OTHER, e);
    }
  }

  /** Waits out the retry pause in steps, so that close() need not interrupt the consumer's thread. */
  private void pause() {
    long until = System.nanoTime() + RETRY_PAUSE.toNanos();
    while (running.get() && System.nanoTime() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
