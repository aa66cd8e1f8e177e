package io.pumpops.cli.demo;

import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far in event time the readings stored in pump.telemetry reach: what the bootstrap waits for,
 * since the pumps' clock runs ahead of the pipeline (MQTT, ingest) at the demo's speed-up, and a
 * model trained on what has arrived would know only part of the span it announces.
 */
final class TelemetryProgress implements AutoCloseable {

  /** How many records back from a partition's end to look (transaction markers take offsets). */
  private static final int TAIL = 64;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;

  TelemetryProgress(String bootstrapServers) {
    this.consumer = ReadCommittedConsumers.open(bootstrapServers);
    this.partitions =
        ReadCommittedConsumers.partitions(
            consumer, Topics.PUMP_TELEMETRY.name(), Duration.ofSeconds(30));
    consumer.assign(partitions);
  }

  /**
   * The event time every partition holding readings has reached (the earliest of their latest
   * record timestamps; ingest stamps a reading's record with its event time); empty before any.
   */
  Optional<Instant> reached() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> latest = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long end = ends.get(partition);
      long begin = begins.get(partition);
      if (end <= begin) {
        continue;
      }
      consumer.seek(partition, Math.max(begin, end - TAIL));
    }
    List<TopicPartition> filled =
        partitions.stream().filter(p -> ends.get(p) > begins.get(p)).toList();
    if (filled.isEmpty()) {
      return Optional.empty();
    }
    consumer.assign(filled);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline
        && filled.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        latest.merge(
            new TopicPartition(record.topic(), record.partition()), record.timestamp(), Math::max);
      }
    }
    consumer.assign(partitions);
    if (latest.size() < filled.size()) {
      return Optional.empty();
    }
    return latest.values().stream().min(Long::compare).map(Instant::ofEpochMilli);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
