package io.pumpops.schemas.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic once, from the beginning of every partition to the end as it is when the scan
 * starts (read_committed, no consumer group): how a service rebuilds state that it keeps on a
 * topic, such as the registry log or the training-run history.
 */
public final class TopicScan {

  private TopicScan() {}

  /**
   * @param sink gets each record's raw bytes, partition by partition in offset order
   * @throws IllegalStateException when the scan takes longer than {@code timeout}
   */
  public static void readToEnd(
      String bootstrapServers,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReadCommittedConsumers.open(bootstrapServers)) {
      List<TopicPartition> partitions = ReadCommittedConsumers.partitions(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        Instant deadline = Instant.now().plus(timeout);
        while (consumer.position(partition) < end.get(partition)) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "reading "
                    + partition
                    + " stalled at offset "
                    + consumer.position(partition)
                    + " of "
                    + end.get(partition)
                    + " for "
                    + timeout);
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.offset() < end.get(partition)) {
              sink.accept(record);
            }
          }
        }
      }
    }
  }
}
