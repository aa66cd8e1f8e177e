package io.pumpops.schemas.topics;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one way PumpOps opens a plain Kafka consumer. Every consumer reads committed records only:
 * the services write with transactions (exactly-once), and a reader that saw an aborted write would
 * count, train on or show a record that never happened. No consumer commits offsets on its own:
 * readers by position (assign and seek) keep no group offsets, and group members commit after they
 * have handled a record.
 */
public final class ReadCommittedConsumers {

  private ReadCommittedConsumers() {}

  /** The settings every consumer starts from, with {@code overrides} on top. */
  public static Map<String, Object> settings(
      String bootstrapServers, Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.putAll(overrides);
    if (!"read_committed".equals(settings.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG))) {
      throw new IllegalArgumentException("a PumpOps consumer reads committed records only");
    }
    return settings;
  }

  /** A consumer outside any group, reading raw bytes by position. */
  public static KafkaConsumer<byte[], byte[]> open(String bootstrapServers) {
    return open(
        bootstrapServers, Map.of(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A consumer outside any group, with its own deserializers and settings on top of the common. */
  public static <K, V> KafkaConsumer<K, V> open(
      String bootstrapServers,
      Map<String, Object> overrides,
      Deserializer<K> keys,
      Deserializer<V> values) {
    return new KafkaConsumer<>(settings(bootstrapServers, overrides), keys, values);
  }

  /**
   * A member of {@code groupId} reading raw bytes, starting from the earliest record when the group
   * has no offset yet; it commits only what it has handled.
   */
  public static KafkaConsumer<byte[], byte[]> inGroup(String bootstrapServers, String groupId) {
    return new KafkaConsumer<>(
        settings(
            bootstrapServers,
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest")),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** The partitions of {@code topic}, in partition order. */
  public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /**
   * The partitions of {@code topic}, in partition order, waiting up to {@code timeout} for them.
   */
  public static List<TopicPartition> partitions(
      Consumer<?, ?> consumer, String topic, Duration timeout) {
    return consumer.partitionsFor(topic, timeout).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }
}
