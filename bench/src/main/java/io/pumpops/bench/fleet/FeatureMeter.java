package io.pumpops.bench.fleet;

import io.pumpops.bench.report.LatencyLog;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code pump.features} from its end: how long after a window's end (event time, which is
 * the wall clock here) its feature record is there for a consumer. That span holds feature-stream's
 * grace (windows close only once it has passed) plus the pipeline's own delay.
 */
final class FeatureMeter implements AutoCloseable {

  private final KafkaConsumer<String, PumpFeatures> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong recomputed = new AtomicLong();
  private final Set<String> seen = new HashSet<>();
  private final Object lock = new Object();
  private final LatencyLog latencies = new LatencyLog();

  FeatureMeter(String bootstrapServers, SchemaRegistry registry) {
    consumer =
        ReadCommittedConsumers.open(
            bootstrapServers,
            Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
            new StringDeserializer(),
            AvroSerdes.valueSerde(Topics.PUMP_FEATURES, registry).deserializer());
    List<TopicPartition> partitions =
        ReadCommittedConsumers.partitions(consumer, Topics.PUMP_FEATURES.name());
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::consume, "feature-meter");
    thread.setDaemon(true);
    thread.start();
  }

  /** Distinct pump windows of the benchmark's pumps seen so far. */
  long windows() {
    return windows.get();
  }

  /** Second records for a window already seen (a window counted twice would show here). */
  long recomputed() {
    return recomputed.get();
  }

  /** Latencies (ms, sorted) of windows ending in [from, to) epoch ms; forgets those before to. */
  long[] latenciesOfWindowsEndingBetween(long from, long to) {
    return latencies.between(from, to);
  }

  private void consume() {
    while (running.get()) {
      var records = consumer.poll(Duration.ofMillis(100));
      long now = System.currentTimeMillis();
      synchronized (lock) {
        for (ConsumerRecord<String, PumpFeatures> record : records) {
          if (!record.key().startsWith("bench-pump-")) {
            continue;
          }
          if (!seen.add(record.value().getEventId().toString())) {
            recomputed.incrementAndGet();
            continue;
          }
          long end = record.value().getWindowEnd().toEpochMilli();
          latencies.record(end, now - end);
          windows.incrementAndGet();
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
