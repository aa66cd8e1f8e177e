package io.pumpops.featurestream;

import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.streams.StreamsRunner;
import io.pumpops.schemas.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the {@link FeatureTopology} with exactly-once processing: a reading is counted in its
 * windows exactly once even when the app crashes mid-commit, and window state lives in local stores
 * backed by changelog topics.
 */
public final class FeatureStreamApp implements AutoCloseable {

  /**
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDirectory where the local state stores live
   * @param commitInterval how often transactions commit; also the latency added to each record
   * @param streamThreads Kafka Streams threads, among which the tasks (partitions) are shared
   */
  public record Settings(
      String bootstrapServers,
      String applicationId,
      Path stateDirectory,
      FeatureTopology.Config topology,
      Duration commitInterval,
      int streamThreads,
      Duration sessionTimeout) {

    /** With Kafka's session timeout. */
    public Settings(
        String bootstrapServers,
        String applicationId,
        Path stateDirectory,
        FeatureTopology.Config topology,
        Duration commitInterval,
        int streamThreads) {
      this(
          bootstrapServers,
          applicationId,
          stateDirectory,
          topology,
          commitInterval,
          streamThreads,
          StreamsRunner.Settings.DEFAULT_SESSION_TIMEOUT);
    }
  }

  private final StreamsRunner runner;

  public FeatureStreamApp(Settings settings, SchemaRegistry registry) {
    this.runner =
        new StreamsRunner(
            new StreamsRunner.Settings(
                "feature-stream",
                settings.bootstrapServers(),
                settings.applicationId(),
                settings.stateDirectory(),
                settings.commitInterval(),
                settings.streamThreads(),
                settings.sessionTimeout()),
            FeatureTopology.build(settings.topology(), FeatureTopology.TopicSerdes.of(registry)),
            registry);
  }

  /** Publishes Kafka Streams' own metrics (throughput, lag, state stores) to the registry. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(runner.streams())
        .bindTo(registry);
  }

  public void start() {
    runner.start();
  }

  /**
   * Records dropped without a trace, so far (dead-lettered records are not dropped; see {@link
   * #deadLetteredOnRead()}).
   */
  public long droppedRecords() {
    return runner.droppedRecords();
  }

  /** Undecodable telemetry or feature records dead-lettered on read, so far. */
  public long deadLetteredOnRead() {
    return runner.deadLetteredOnRead();
  }

  public KafkaStreams.State state() {
    return runner.state();
  }

  /** The tasks this instance processes now ({@link StreamsRunner#activeTasks()}). */
  public int activeTasks() {
    return runner.activeTasks();
  }

  public Health health() {
    return runner.health();
  }

  /**
   * Stops processing and leaves the consumer group at once, so that another instance (or this one
   * restarted) takes the partitions over now rather than after the 45 s session timeout.
   */
  @Override
  public void close() {
    runner.close();
  }
}
