package io.pumpops.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the catalog: its name, how it is partitioned and kept, and the Avro type of its
 * values. Keys are plain UTF-8 strings (pump id, model name, ...), as the catalog documents.
 *
 * @param name Kafka topic name
 * @param partitions partition count; the unit of parallelism and of per-key ordering
 * @param retention how long records are kept; {@link #FOREVER} for data of record
 * @param cleanupPolicy {@link TopicConfig#CLEANUP_POLICY_DELETE} or {@link
 *     TopicConfig#CLEANUP_POLICY_COMPACT}
 * @param keyMeaning what the string key holds, for documentation and tools
 * @param valueType generated Avro class of the values
 * @param <V> the value type
 */
public record TopicSpec<V extends SpecificRecord>(
    String name,
    int partitions,
    Duration retention,
    String cleanupPolicy,
    String keyMeaning,
    Class<V> valueType) {

  /** Retention of topics that are the system of record: never deleted by age. */
  public static final Duration FOREVER = Duration.ofMillis(-1);

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    Objects.requireNonNull(valueType, "valueType");
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be >= 1, was " + partitions);
    }
  }

  /** Topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    return configs;
  }

  /** The registry subject of the value schema under TopicNameStrategy. */
  public String valueSubject() {
    return name + "-value";
  }
}
