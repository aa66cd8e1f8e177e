package io.pumpops.training.replay;

import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads exactly the records of a dataset's offset ranges: assign and seek (no consumer group, no
 * commits), read_committed, and a SHA-256 fingerprint over the records in offset order, so the same
 * ranges always give the same fingerprint, and any difference in the data shows.
 *
 * <p>The fingerprint covers, per record: topic, partition, offset, key and value bytes (each
 * length-prefixed). Values are hashed as stored (Confluent wire format with the schema id), so a
 * record re-registered under another schema id counts as different data.
 */
public final class Replay {

  /**
   * @param ranges the ranges as read, with the number of records actually found in each
   * @param fingerprint lower-case hex SHA-256
   */
  public record Result(List<OffsetRange> ranges, long records, String fingerprint) {}

  private final String bootstrapServers;
  private final Duration timeout;

  /**
   * @param timeout how long one range may take to read before the replay fails
   */
  public Replay(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * Replays the ranges in the order given, handing each record's key and value bytes to {@code
   * sink}.
   */
  public Result replay(
      List<OffsetRange> ranges, BiConsumer<ConsumerRecord<byte[], byte[]>, Integer> sink) {
    MessageDigest digest = sha256();
    List<OffsetRange> read = new ArrayList<>();
    long total = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        ReadCommittedConsumers.open(
            bootstrapServers,
            Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "none",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      checkAvailable(consumer, ranges);
      for (int index = 0; index < ranges.size(); index++) {
        OffsetRange range = ranges.get(index);
        TopicPartition partition = new TopicPartition(range.getTopic(), range.getPartition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, range.getFromOffset());
        long count = 0;
        Instant deadline = Instant.now().plus(timeout);
        while (consumer.position(partition) < range.getToOffset()) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "replay of "
                    + describe(range)
                    + " stalled at offset "
                    + consumer.position(partition)
                    + " for "
                    + timeout);
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.offset() >= range.getToOffset()) {
              break;
            }
            update(digest, record);
            sink.accept(record, index);
            count++;
          }
        }
        total += count;
        read.add(
            new OffsetRange(
                range.getTopic(),
                range.getPartition(),
                range.getFromOffset(),
                range.getToOffset(),
                count));
      }
    }
    return new Result(read, total, HexFormat.of().formatHex(digest.digest()));
  }

  /** Fails with every unavailable range named, before reading anything. */
  private static void checkAvailable(
      KafkaConsumer<byte[], byte[]> consumer, List<OffsetRange> ranges) {
    List<TopicPartition> partitions =
        ranges.stream()
            .map(r -> new TopicPartition(r.getTopic(), r.getPartition()))
            .distinct()
            .toList();
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
    List<OffsetRange> missing = new ArrayList<>();
    StringBuilder why = new StringBuilder();
    for (OffsetRange range : ranges) {
      TopicPartition partition = new TopicPartition(range.getTopic(), range.getPartition());
      if (range.getFromOffset() < earliest.get(partition)) {
        missing.add(range);
        why.append("; ")
            .append(describe(range))
            .append(": offsets before ")
            .append(earliest.get(partition))
            .append(" are no longer retained");
      } else if (range.getToOffset() > latest.get(partition)) {
        missing.add(range);
        why.append("; ")
            .append(describe(range))
            .append(": the partition ends at ")
            .append(latest.get(partition));
      }
    }
    if (!missing.isEmpty()) {
      throw new OffsetsNotAvailableException("cannot replay the dataset" + why, missing);
    }
  }

  private static void update(MessageDigest digest, ConsumerRecord<byte[], byte[]> record) {
    byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
    byte[] key = record.key() == null ? new byte[0] : record.key();
    byte[] value = record.value() == null ? new byte[0] : record.value();
    digest.update(
        ByteBuffer.allocate(4 + topic.length + 4 + 8 + 4 + key.length + 4 + value.length)
            .putInt(topic.length)
            .put(topic)
            .putInt(record.partition())
            .putLong(record.offset())
            .putInt(key.length)
            .put(key)
            .putInt(value.length)
            .put(value)
            .array());
  }

  static String describe(OffsetRange range) {
    return range.getTopic()
        + "/"
        + range.getPartition()
        + " ["
        + range.getFromOffset()
        + ", "
        + range.getToOffset()
        + ")";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
