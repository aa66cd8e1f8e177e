package io.pumpops.bench.ingest;

import io.pumpops.schemas.topics.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many records the dead-letter topic holds: a benchmark's valid readings must add none. */
final class Dlq {

  private Dlq() {}

  static long count(String bootstrapServers) throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      String topic = Topics.PUMP_TELEMETRY_DLQ.name();
      Map<TopicPartition, OffsetSpec> latest =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }
}
