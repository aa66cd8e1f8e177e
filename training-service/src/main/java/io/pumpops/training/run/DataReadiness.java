package io.pumpops.training.run;

import io.pumpops.schemas.topics.ReadCommittedConsumers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the data a run asks for has arrived. A run with an end ({@link RunRequest#to()}) waits
 * until the telemetry has reached it: every partition that has readings since the run's start has
 * one at or after its end (event time, from the broker's time index). A drift-triggered run asks
 * for a fixed span after the change, so its reference covers that much of the new normal whenever
 * the trigger was processed, and a catch-up cannot hand it a sliver.
 *
 * <p>A fleet that stops sending must not hold training forever: after {@code maxWait} of wall-clock
 * time since the run was first checked, it runs on what there is (and says so in the log).
 */
public final class DataReadiness implements Predicate<RunRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(DataReadiness.class);

  private final String bootstrapServers;
  private final String topic;
  private final Clock clock;
  private final Duration maxWait;
  private final Map<String, Instant> firstChecked = new ConcurrentHashMap<>();

  /**
   * @param topic the telemetry topic the runs replay
   */
  public DataReadiness(String bootstrapServers, String topic, Clock clock, Duration maxWait) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.clock = clock;
    this.maxWait = maxWait;
  }

  @Override
  public boolean test(RunRequest request) {
    if (request.to() == null) {
      return true;
    }
    Instant first = firstChecked.computeIfAbsent(request.runId(), id -> clock.instant());
    if (reached(request.from(), request.to())) {
      firstChecked.remove(request.runId());
      return true;
    }
    if (clock.instant().isAfter(first.plus(maxWait))) {
      LOG.warn(
          "run {} of {}: the telemetry has not reached {} after {} of waiting; training on what has arrived",
          request.runId(),
          request.modelName(),
          request.to(),
          maxWait);
      firstChecked.remove(request.runId());
      return true;
    }
    return false;
  }

  /**
   * Every partition with readings at or after {@code from} has one at or after {@code to}; false
   * when none has any.
   */
  boolean reached(Instant from, Instant to) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReadCommittedConsumers.open(bootstrapServers)) {
      List<TopicPartition> partitions = ReadCommittedConsumers.partitions(consumer, topic);
      Map<TopicPartition, OffsetAndTimestamp> sinceFrom =
          consumer.offsetsForTimes(at(partitions, from));
      Map<TopicPartition, OffsetAndTimestamp> sinceTo =
          consumer.offsetsForTimes(at(partitions, to));
      List<TopicPartition> active =
          partitions.stream().filter(p -> sinceFrom.get(p) != null).toList();
      return !active.isEmpty() && active.stream().allMatch(p -> sinceTo.get(p) != null);
    }
  }

  private static Map<TopicPartition, Long> at(List<TopicPartition> partitions, Instant time) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, time.toEpochMilli()));
    return query;
  }
}
