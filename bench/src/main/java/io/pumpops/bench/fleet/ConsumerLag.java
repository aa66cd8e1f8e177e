package io.pumpops.bench.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of every consumer group on the broker (records between a group's committed offset and the
 * end of each partition it reads), as an operator's lag dashboard shows it. Kafka Streams
 * applications are consumer groups named by their application id.
 */
final class ConsumerLag implements AutoCloseable {

  private final Admin admin;

  ConsumerLag(String bootstrapServers) {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** "group topic" to the group's lag on that topic, in name order. */
  Map<String, Long> sample() throws ExecutionException, InterruptedException {
    Map<String, Long> lag = new TreeMap<>();
    for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
      if (committed.isEmpty()) {
        continue;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get();
      for (var entry : committed.entrySet()) {
        if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
          // Per topic: a Streams app's backlog may sit in an internal repartition topic rather
          // than in its input, and which one says which step is behind.
          long behind = Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
          lag.merge(
              group.groupId() + " " + shortName(group.groupId(), entry.getKey().topic()),
              behind,
              Long::sum);
        }
      }
    }
    return lag;
  }

  /** An internal topic without its application-id prefix, to keep the table readable. */
  private static String shortName(String group, String topic) {
    return topic.startsWith(group + "-") ? "<" + topic.substring(group.length() + 1) + ">" : topic;
  }

  /**
   * Whether a lag series grows rather than comes and goes: its lowest point in the last third is
   * above its lowest in the first third by more than {@code allowance}. Lag in bursts (a minute's
   * windows closing at once) drains between them; a consumer that falls behind never gets back.
   */
  static boolean growing(List<Long> series, long allowance) {
    if (series.size() < 6) {
      return false;
    }
    int third = series.size() / 3;
    long firstLow = series.subList(0, third).stream().mapToLong(Long::longValue).min().orElse(0);
    long lastLow =
        series.subList(series.size() - third, series.size()).stream()
            .mapToLong(Long::longValue)
            .min()
            .orElse(0);
    return lastLow > firstLow + allowance;
  }

  @Override
  public void close() {
    admin.close();
  }
}
