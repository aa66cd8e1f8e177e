package io.pumpops.messaging.streams;

import io.pumpops.messaging.health.Health;
import io.pumpops.schemas.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology the way every PumpOps Streams service runs it: exactly-once, state in local
 * stores backed by changelogs, undecodable input dead-lettered ({@link
 * DeadLetterDeserializationHandler}), a failed stream thread replaced rather than the service left
 * without one, and a close that leaves the group at once.
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  /**
   * @param service the service's name, recorded in its dead letters
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDirectory where the local state stores live
   * @param commitInterval how often transactions commit; also the latency added to each record
   * @param sessionTimeout how long an instance may go unheard before the group gives its tasks to
   *     the others: the pause a crashed instance's pumps see (a clean close hands them over at
   *     once)
   */
  public record Settings(
      String service,
      String bootstrapServers,
      String applicationId,
      Path stateDirectory,
      Duration commitInterval,
      int streamThreads,
      Duration sessionTimeout) {

    /** Kafka's own default: long enough for a garbage-collection pause not to cost a rebalance. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);

    public Settings {
      if (streamThreads < 1) {
        throw new IllegalArgumentException(
            service + ": stream threads must be at least 1, not " + streamThreads);
      }
      if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0) {
        throw new IllegalArgumentException(
            service
                + ": the session timeout must be at least 6 s (the broker's minimum), not "
                + sessionTimeout);
      }
    }

    /** With Kafka's session timeout. */
    public Settings(
        String service,
        String bootstrapServers,
        String applicationId,
        Path stateDirectory,
        Duration commitInterval,
        int streamThreads) {
      this(
          service,
          bootstrapServers,
          applicationId,
          stateDirectory,
          commitInterval,
          streamThreads,
          DEFAULT_SESSION_TIMEOUT);
    }
  }

  private final KafkaStreams streams;
  private final java.util.concurrent.atomic.AtomicLong deadLetteredOnRead =
      new java.util.concurrent.atomic.AtomicLong();

  public StreamsRunner(Settings settings, Topology topology, SchemaRegistry registry) {
    Properties config = new Properties();
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDirectory().toString());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
    config.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) settings.sessionTimeout().toMillis());
    // Three heartbeats per session, as Kafka's defaults (3 s in 45 s) allow for more.
    config.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) Math.min(3_000, settings.sessionTimeout().toMillis() / 3));
    // The default from Kafka 5 on; set now so behaviour does not change with the upgrade.
    config.put("processing.exception.handler.global.enabled", true);
    config.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    config.put(DeadLetterDeserializationHandler.SERVICE_CONFIG, settings.service());
    config.put(DeadLetterDeserializationHandler.REGISTRY_CONFIG, registry);
    config.put(DeadLetterDeserializationHandler.COUNTER_CONFIG, deadLetteredOnRead);
    this.streams = new KafkaStreams(topology, config);
    this.streams.setUncaughtExceptionHandler(
        e -> {
          log.error(
              "a stream thread of {} failed; replacing it (processing resumes from the last commit): {}",
              settings.service(),
              e.toString(),
              e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
  }

  public KafkaStreams streams() {
    return streams;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Up while Kafka Streams is created, running or rebalancing; down once it failed or stopped. */
  public Health health() {
    KafkaStreams.State state = streams.state();
    return Health.of(
        state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED,
        Map.<String, Object>of("kafkaStreams", state.name(), "activeTasks", activeTasks()));
  }

  /**
   * The tasks (input partitions) this instance processes now: with several instances, how the work
   * is shared, and whether a survivor took a crashed one's over.
   */
  public int activeTasks() {
    return activeTaskIds().size();
  }

  /** The ids of {@link #activeTasks()}, sorted: {@code subtopology_partition}, like {@code 1_2}. */
  public List<String> activeTaskIds() {
    return streams.metadataForLocalThreads().stream()
        .flatMap(t -> t.activeTasks().stream())
        .map(task -> task.taskId().toString())
        .sorted()
        .toList();
  }

  /**
   * Records dropped without a trace, so far: Kafka Streams' {@code dropped-records-total} (too late
   * for a closed window, for instance) less the undecodable records it counts there too, which were
   * dead-lettered ({@link #deadLetteredOnRead()}), not lost.
   */
  public long droppedRecords() {
    return Math.round(
            streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(
                    e -> e.getValue().metricValue() instanceof Number n ? n.doubleValue() : 0)
                .sum())
        - deadLetteredOnRead.get();
  }

  /** Undecodable records dead-lettered on read, so far. */
  public long deadLetteredOnRead() {
    return deadLetteredOnRead.get();
  }

  /**
   * Stops processing and leaves the consumer group at once, so that another instance (or this one
   * restarted) takes the partitions over now rather than after the 45 s session timeout.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }
}
