package io.pumpops.training.run;

import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns "the telemetry between these two times" into exact offset ranges, per partition, with the
 * broker's time index (record timestamps are the readings' event times). The ranges, not the times,
 * are what the run replays and what lineage keeps, so the dataset is fixed from here on.
 */
public final class DatasetSelector {

  private final String bootstrapServers;

  public DatasetSelector(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * @param to exclusive end, or null for everything committed so far
   * @return one range per partition with data in the span, ordered by partition; recordCount is the
   *     offset span (the replay counts the records it actually reads)
   */
  public List<OffsetRange> select(TopicSpec<?> topic, Instant from, Instant to) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReadCommittedConsumers.open(bootstrapServers)) {
      List<TopicPartition> partitions = ReadCommittedConsumers.partitions(consumer, topic.name());
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = offsetsAt(consumer, partitions, from, end);
      Map<TopicPartition, Long> ends = to == null ? end : offsetsAt(consumer, partitions, to, end);
      List<OffsetRange> ranges = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        long first = starts.get(partition);
        long last = Math.min(ends.get(partition), end.get(partition));
        if (last > first) {
          ranges.add(
              new OffsetRange(topic.name(), partition.partition(), first, last, last - first));
        }
      }
      return ranges;
    }
  }

  /** The first offset at or after the time in each partition, or the end when there is none. */
  private static Map<TopicPartition, Long> offsetsAt(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Instant time,
      Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = found.get(partition);
      offsets.put(partition, at == null ? end.get(partition) : at.offset());
    }
    return offsets;
  }
}
