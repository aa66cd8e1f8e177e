package io.pumpops.cli;

import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a bounded range of a catalog topic, decoded through the registry: from an offset or a time
 * (or the beginning) up to an offset, a time, or the end the topic had when the read began. It
 * joins no consumer group and commits nothing. The commands that show what the topics record
 * (replay, runs, drift) read through this.
 */
final class TopicRange {

  /**
   * Where a range starts or ends: an offset, a record timestamp, or neither (the topic's own
   * bound).
   */
  record Bound(Long offset, Instant time) {
    static final Bound NONE = new Bound(null, null);

    static Bound parse(String text) {
      if (text == null || text.isBlank()) {
        return NONE;
      }
      if (text.chars().allMatch(Character::isDigit)) {
        return new Bound(Long.parseLong(text), null);
      }
      try {
        return new Bound(null, Instant.parse(text));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is neither an offset nor an ISO-8601 time such as "
                + "2026-11-23T10:00:00Z");
      }
    }
  }

  private TopicRange() {}

  /**
   * Calls {@code each} for every record in range, partition by partition, in offset order; returns
   * how many.
   */
  static <V extends SpecificRecord> long read(
      String bootstrapServers,
      String registryUrl,
      TopicSpec<V> topic,
      Integer partition,
      Bound from,
      Bound to,
      Consumer<ConsumerRecord<String, V>> each) {
    try (KafkaConsumer<String, V> consumer =
        ReadCommittedConsumers.open(
            bootstrapServers,
            Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
            AvroSerdes.keySerde().deserializer(),
            AvroSerdes.valueSerde(topic, SchemaRegistryClient.of(registryUrl)).deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic.name())) {
        if (partition == null || p.partition() == partition) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      if (partitions.isEmpty()) {
        throw new IllegalArgumentException(topic.name() + " has no partition " + partition);
      }
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = positions(consumer, partitions, from, beginnings);
      Map<TopicPartition, Long> ends = positions(consumer, partitions, to, endOffsets);
      long read = 0;
      for (TopicPartition tp : partitions) {
        long start = Math.max(starts.get(tp), beginnings.get(tp));
        long end = Math.min(ends.get(tp), endOffsets.get(tp));
        if (start >= end) {
          continue;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, start);
        long position = start;
        while (position < end) {
          for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
            if (record.offset() >= end) {
              break;
            }
            each.accept(record);
            read++;
          }
          // Transaction markers take offsets too: the position, not the last record, says where we
          // are.
          position = consumer.position(tp);
        }
      }
      return read;
    }
  }

  private static Map<TopicPartition, Long> positions(
      KafkaConsumer<?, ?> consumer,
      List<TopicPartition> partitions,
      Bound bound,
      Map<TopicPartition, Long> otherwise) {
    Map<TopicPartition, Long> positions = new HashMap<>(otherwise);
    if (bound.offset() != null) {
      partitions.forEach(tp -> positions.put(tp, bound.offset()));
    } else if (bound.time() != null) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, bound.time().toEpochMilli()));
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (Map.Entry<TopicPartition, OffsetAndTimestamp> e :
          consumer.offsetsForTimes(query).entrySet()) {
        positions.put(
            e.getKey(), e.getValue() == null ? ends.get(e.getKey()) : e.getValue().offset());
      }
    }
    return positions;
  }
}
