package io.pumpops.deploy.kafka;

import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one catalog topic, record by record, to a handler on its own thread, in a consumer group
 * whose offsets are committed only past handled records. A record that is not a valid event is
 * logged with its offset and skipped. A handler failure the caller calls retryable (a registry
 * that cannot be reached) stops the partition at that record and tries it again after a pause;
 * any other failure is logged and the record skipped, so that one bad event cannot stall the topic.
 */
public final class TopicListener<V extends SpecificRecord> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicListener.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicSpec<V> topic;
  private final Deserializer<V> deserializer;
  private final Consumer<V> handler;
  private final Predicate<RuntimeException> retryable;
  private final Duration retryPause;
  private final Thread thread;
  private volatile boolean running = true;

  public TopicListener(String bootstrapServers, String groupId, TopicSpec<V> topic, SchemaRegistry registry,
                       Consumer<V> handler, Predicate<RuntimeException> retryable, Duration retryPause) {
    this.topic = topic;
    this.handler = handler;
    this.retryable = retryable;
    this.retryPause = retryPause;
    this.deserializer = AvroSerdes.valueSerde(topic, registry).deserializer();
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, groupId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::loop, "listener-" + topic.name());
  }

  public TopicListener<V> start() {
    consumer.subscribe(List.of(topic.name()));
    thread.start();
    return this;
  }

  public boolean isRunning() {
    return thread.isAlive();
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

  private void handlePartition(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records)
      throws InterruptedException {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      V value;
      try {
        value = deserializer.deserialize(record.topic(), record.value());
      } catch (RuntimeException e) {
        LOG.error("{}/{} offset {} is not a valid {} and is skipped: {}", record.topic(), record.partition(),
            record.offset(), topic.valueType().getSimpleName(), e.toString());
        continue;
      }
      if (value == null) {
        continue;
      }
      try {
        handler.accept(value);
      } catch (RuntimeException e) {
        if (retryable.test(e)) {
          LOG.warn("{}/{} offset {} failed ({}); trying it again in {} s", record.topic(), record.partition(),
              record.offset(), e.getMessage(), retryPause.toSeconds());
          consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset())));
          consumer.seek(partition, record.offset());
          pause();
          return;
        }
        LOG.error("{}/{} offset {} could not be handled and is skipped: {}", record.topic(), record.partition(),
            record.offset(), e.toString(), e);
      }
    }
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1)));
  }

  /** Sleeps for the retry pause, in steps, so that close() need not interrupt the thread (it would break the consumer's close). */
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
  }
}
