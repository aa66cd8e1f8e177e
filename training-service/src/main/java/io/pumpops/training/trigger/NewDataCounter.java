package io.pumpops.training.trigger;

import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How much telemetry has arrived since a model version was trained: per partition, the committed
 * end minus where the version's dataset ended. Computed from offsets rather than by summing
 * data-arrived events, so it needs no state of its own and is right after a restart.
 */
public final class NewDataCounter {

  private final String bootstrapServers;

  public NewDataCounter(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * @param lineage the latest version's lineage, or null when the model has none (everything is
   *     new)
   */
  public long newRecordsSince(Lineage lineage) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReadCommittedConsumers.open(bootstrapServers)) {
      List<TopicPartition> partitions =
          ReadCommittedConsumers.partitions(consumer, Topics.PUMP_TELEMETRY.name());
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> since = new HashMap<>(consumer.beginningOffsets(partitions));
      if (lineage != null) {
        for (OffsetRange range : lineage.getDatasetRanges()) {
          if (range.getTopic().equals(Topics.PUMP_TELEMETRY.name())) {
            since.merge(
                new TopicPartition(range.getTopic(), range.getPartition()),
                range.getToOffset(),
                Math::max);
          }
        }
      }
      return partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - since.get(p))).sum();
    }
  }
}
