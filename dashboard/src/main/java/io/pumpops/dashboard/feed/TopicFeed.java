package io.pumpops.dashboard.feed;

import io.pumpops.schemas.events.LoopEvents;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics the page shows and hands each decoded record to the view, on one thread. The
 * dashboard is a read-only window, so it joins no consumer group and commits nothing: at start it
 * reads the loop's history topics (models, runs, drift, deployments) from the beginning and the
 * high-volume ones (telemetry, anomalies, statistics, heartbeats) from their last {@code
 * liveBacklog} records per partition, so a fresh page has something to draw. A record that does not
 * decode, or that the view cannot apply, is counted and skipped; it cannot stop the page.
 */
public final class TopicFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);

  /** Small topics: the page shows all of them. */
  public static final List<TopicSpec<?>> HISTORY = LoopEvents.TOPICS;

  /** Busy topics: the page shows their recent records and what arrives. */
  public static final List<TopicSpec<?>> LIVE =
      List.of(
          Topics.PUMP_TELEMETRY,
          Topics.PUMP_ANOMALIES,
          Topics.PUMP_DRIFT_STATS,
          Topics.EDGE_STATUS);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
  private final Consumer<SpecificRecord> sink;
  private final long liveBacklog;
  private final Clock clock;
  private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
  private final AtomicLong undecodable = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Instant lastPoll;

  public TopicFeed(
      String bootstrapServers,
      SchemaRegistry registry,
      Consumer<SpecificRecord> sink,
      long liveBacklog,
      Clock clock) {
    this.sink = sink;
    this.liveBacklog = liveBacklog;
    this.clock = clock;
    this.consumer =
        ReadCommittedConsumers.open(
            bootstrapServers,
            Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "dashboard"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    for (TopicSpec<?> topic : all()) {
      deserializers.put(topic.name(), AvroSerdes.valueSerde(topic, registry).deserializer());
      received.put(topic.name(), new AtomicLong());
    }
    this.thread = new Thread(this::loop, "dashboard-feed");
    this.thread.setDaemon(true);
  }

  public static List<TopicSpec<?>> all() {
    List<TopicSpec<?>> all = new ArrayList<>(HISTORY);
    all.addAll(LIVE);
    return all;
  }

  public TopicFeed start() {
    thread.start();
    return this;
  }

  public boolean running() {
    return running && thread.isAlive();
  }

  /** When the feed last heard from Kafka; null before the first poll. */
  public Instant lastPoll() {
    return lastPoll;
  }

  public Map<String, AtomicLong> received() {
    return received;
  }

  public long undecodable() {
    return undecodable.get();
  }

  private void loop() {
    try {
      assign();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          handle(record);
        }
        lastPoll = clock.instant();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("dashboard feed stopped: {}", e.toString(), e);
      running = false;
    } finally {
      consumer.close();
    }
  }

  private void assign() {
    List<TopicPartition> history = new ArrayList<>();
    List<TopicPartition> live = new ArrayList<>();
    for (TopicSpec<?> topic : all()) {
      List<PartitionInfo> partitions = partitionsOf(topic.name());
      for (PartitionInfo p : partitions) {
        (HISTORY.contains(topic) ? history : live)
            .add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    List<TopicPartition> assigned = new ArrayList<>(history);
    assigned.addAll(live);
    consumer.assign(assigned);
    consumer.seekToBeginning(history);
    Map<TopicPartition, Long> ends = consumer.endOffsets(live);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(live);
    for (TopicPartition partition : live) {
      consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - liveBacklog));
    }
    LOG.info("dashboard feed reading {} partitions of {} topics", assigned.size(), all().size());
  }

  private List<PartitionInfo> partitionsOf(String topic) {
    // The topics may not exist yet on a fresh stack: wait for whoever provisions them.
    while (running) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions != null && !partitions.isEmpty()) {
        return partitions;
      }
      LOG.info("waiting for topic {} to exist", topic);
    }
    return List.of();
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    received.get(record.topic()).incrementAndGet();
    SpecificRecord value;
    try {
      value =
          deserializers
              .get(record.topic())
              .deserialize(record.topic(), record.headers(), record.value());
    } catch (KafkaException | IllegalArgumentException e) {
      undecodable.incrementAndGet();
      LOG.warn(
          "skipping undecodable record topic={} partition={} offset={}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    if (value != null) {
      try {
        sink.accept(value);
      } catch (RuntimeException e) {
        // One record the view cannot show must not stop the page for every other record.
        undecodable.incrementAndGet();
        LOG.warn(
            "skipping a record the view could not apply topic={} partition={} offset={}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.toString());
      }
    }
  }

  /** Topics the feed reads, by name: for the health details. */
  public Set<String> topics() {
    return received.keySet();
  }

  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(); // never started: the loop's finally will not close it
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
