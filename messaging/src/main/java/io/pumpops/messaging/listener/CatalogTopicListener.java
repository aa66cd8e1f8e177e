package io.pumpops.messaging.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryException;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one catalog topic, record by record, to a handler on its own thread, in a consumer group
 * whose offsets are committed only past handled records. The error strategy, the same for every
 * service:
 *
 * <ul>
 *   <li>a record that is not a valid event is dead-lettered ({@code UNDECODABLE}) and skipped,
 *       unless the schema registry could not be reached: then it is tried again like below;
 *   <li>a handler failure the caller calls retryable (a registry that cannot be reached) stops the
 *       partition at that record and tries it again after a pause;
 *   <li>any other handler failure dead-letters the record ({@code OTHER}, with the exception) and
 *       goes on, so that one bad event cannot stall the topic;
 *   <li>a dead letter that Kafka does not store is a retryable failure: the record is not committed
 *       past, so nothing is dropped with a log line alone.
 * </ul>
 */
public final class CatalogTopicListener<V extends SpecificRecord> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CatalogTopicListener.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicSpec<V> topic;
  private final Deserializer<V> deserializer;
  private final Consumer<V> handler;
  private final Predicate<RuntimeException> retryable;
  private final DeadLetterPublisher deadLetters;
  private final Duration retryPause;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaClientMetrics metrics;

  /**
   * @param handler called once per valid record, in offset order per partition
   * @param retryable which handler failures are worth trying again (the rest are dead-lettered)
   * @param deadLetters where undecodable and unhandled records go; shared by a service's listeners
   * @param retryPause how long a partition waits before a failed record is tried again
   */
  public CatalogTopicListener(
      String bootstrapServers,
      String groupId,
      TopicSpec<V> topic,
      SchemaRegistry registry,
      Consumer<V> handler,
      Predicate<RuntimeException> retryable,
      DeadLetterPublisher deadLetters,
      Duration retryPause) {
    this.topic = topic;
    this.handler = handler;
    this.retryable = retryable;
    this.deadLetters = deadLetters;
    this.retryPause = retryPause;
    this.deserializer = AvroSerdes.valueSerde(topic, registry).deserializer();
    this.consumer = ReadCommittedConsumers.inGroup(bootstrapServers, groupId);
    this.thread = new Thread(this::loop, "listener-" + topic.name());
  }

  public CatalogTopicListener<V> start() {
    consumer.subscribe(List.of(topic.name()));
    thread.start();
    return this;
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /**
   * Publishes the consumer's own metrics (records-lag-max above all: the alert rules watch it grow)
   * to the registry.
   */
  public CatalogTopicListener<V> bindMetrics(MeterRegistry registry) {
    KafkaClientMetrics bound = new KafkaClientMetrics(consumer);
    bound.bindTo(registry);
    metrics = bound;
    return this;
  }

  private void loop() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition partition : records.partitions()) {
          handlePartition(partition, records.records(partition));
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handlePartition(
      TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records)
      throws InterruptedException {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        handle(record);
      } catch (RuntimeException e) {
        if (!retryable.test(e)
            && !(e instanceof DeadLetterPublisher.DeadLetterNotStoredException)
            && !SchemaRegistryException.causedTransiently(e)) {
          throw e;
        }
        log.warn(
            "{}/{} offset {} failed ({}); trying it again in {} s",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage(),
            retryPause.toSeconds());
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset())));
        consumer.seek(partition, record.offset());
        pause();
        return;
      }
    }
    consumer.commitSync(
        Map.of(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1)));
  }

  /** Handles one record; throws only what is to be tried again. */
  private void handle(ConsumerRecord<byte[], byte[]> record) {
    V value;
    try {
      value = deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      if (SchemaRegistryException.causedTransiently(e)) {
        throw e; // the registry is away, the record may be fine: try it again, never dead-letter it
      }
      deadLetters.publish(record, RejectionReason.UNDECODABLE, e);
      return;
    }
    if (value == null) {
      return;
    }
    try {
      handler.accept(value);
    } catch (RuntimeException e) {
      if (retryable.test(e)) {
        throw e;
      }
      log.error(
          "{}/{} offset {} could not be handled: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString(),
          e);
      deadLetters.publish(record, RejectionReason.OTHER, e);
    }
  }

  /**
   * Sleeps for the retry pause, in steps, so that close() need not interrupt the thread (it would
   * break the consumer's close).
   */
  private void pause() throws InterruptedException {
    long until = System.nanoTime() + retryPause.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    if (metrics != null) {
      metrics.close();
    }
  }
}
