package io.pumpops.drift;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.streams.StreamsRunner;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the {@link DriftTopology} with exactly-once processing: a statistic updates the policy's
 * state exactly once, and a decision is published if and only if the state that made it is
 * committed, so redelivery never produces a second drift-detected event.
 */
public final class DriftServiceApp implements AutoCloseable {

  /**
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDirectory where the policy's state store lives locally
   * @param commitInterval how often transactions commit
   */
  public record Settings(
      String bootstrapServers,
      String applicationId,
      Path stateDirectory,
      DriftPolicy.Settings policy,
      Duration commitInterval,
      Duration sessionTimeout) {

    /** With Kafka's session timeout. */
    public Settings(
        String bootstrapServers,
        String applicationId,
        Path stateDirectory,
        DriftPolicy.Settings policy,
        Duration commitInterval) {
      this(
          bootstrapServers,
          applicationId,
          stateDirectory,
          policy,
          commitInterval,
          StreamsRunner.Settings.DEFAULT_SESSION_TIMEOUT);
    }
  }

  private final StreamsRunner runner;
  private final LongAdder detected = new LongAdder();

  public DriftServiceApp(Settings settings, SchemaRegistry registry) {
    this.runner =
        new StreamsRunner(
            new StreamsRunner.Settings(
                "drift-service",
                settings.bootstrapServers(),
                settings.applicationId(),
                settings.stateDirectory(),
                settings.commitInterval(),
                1,
                settings.sessionTimeout()),
            DriftTopology.build(
                settings.policy(),
                AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry),
                AvroSerdes.valueSerde(Topics.DRIFT_DETECTED, registry),
                event -> detected.increment()),
            registry);
  }

  /**
   * Publishes Kafka Streams' own metrics (throughput, lag, state stores) and the drift-detected
   * events published to the registry.
   */
  public void bindMetrics(MeterRegistry registry) {
    new KafkaStreamsMetrics(runner.streams()).bindTo(registry);
    FunctionCounter.builder("pumpops.drift.detected", detected, LongAdder::doubleValue)
        .description("Drift-detected events published")
        .register(registry);
  }

  public void start() {
    runner.start();
  }

  public KafkaStreams.State state() {
    return runner.state();
  }

  /** The tasks this instance processes now ({@link StreamsRunner#activeTaskIds()}). */
  public java.util.List<String> activeTaskIds() {
    return runner.activeTaskIds();
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
