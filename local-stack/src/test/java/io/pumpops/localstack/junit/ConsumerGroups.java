package io.pumpops.localstack.junit;

import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.StackAddresses;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * For integration tests: waits until a consumer group (a Kafka Streams application id) has
 * committed everything there is to read on the partitions it consumes, so that a test can then
 * assert on everything the application will ever produce from its input.
 */
public final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * Waits until the group has committed every partition of these topics up to its end (as a
   * read_committed consumer sees it). A partition the group never committed on counts from 0.
   */
  public static void awaitCaughtUp(
      StackAddresses stack, String groupId, Duration atMost, String... topics) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> lag(admin, groupId, topics) == 0);
    }
  }

  private static long lag(Admin admin, String groupId, String... topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    admin
        .describeTopics(List.of(topics))
        .allTopicNames()
        .get()
        .values()
        .forEach(
            t ->
                t.partitions()
                    .forEach(
                        p ->
                            partitions.put(
                                new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin
            .listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (TopicPartition partition : partitions.keySet()) {
      OffsetAndMetadata position = committed.get(partition);
      lag += Math.max(0, ends.get(partition).offset() - (position == null ? 0 : position.offset()));
    }
    return lag;
  }
}
