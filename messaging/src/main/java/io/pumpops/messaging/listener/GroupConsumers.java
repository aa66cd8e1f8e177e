package io.pumpops.messaging.listener;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer every event-handling service reads catalog topics with: a group, offsets committed
 * by the caller only past handled records, the beginning of the topic for a new group, and only
 * committed transactions (the decision topics are written exactly-once). Raw bytes, so that the
 * caller decodes and can dead-letter what does not decode.
 */
public final class GroupConsumers {

  private GroupConsumers() {}

  public static KafkaConsumer<byte[], byte[]> create(String bootstrapServers, String groupId) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            groupId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }
}
