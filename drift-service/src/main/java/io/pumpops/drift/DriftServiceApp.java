package io.pumpops.drift;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

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
  public record Settings(String bootstrapServers, String applicationId, Path stateDirectory, DriftPolicy.Settings policy,
                         Duration commitInterval) {
  }

  private final KafkaStreams streams;

  public DriftServiceApp(Settings settings, SchemaRegistry registry) {
    Properties config = new Properties();
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDirectory().toString());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    config.put("processing.exception.handler.global.enabled", true);
    this.streams = new KafkaStreams(DriftTopology.build(settings.policy(),
        AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry), AvroSerdes.valueSerde(Topics.DRIFT_DETECTED, registry)),
        config);
  }

  /** Publishes Kafka Streams' own metrics (throughput, lag, state stores) to the registry. */
  public void bindMetrics(MeterRegistry registry) {
    new KafkaStreamsMetrics(streams).bindTo(registry);
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops processing and leaves the consumer group at once, so that another instance (or this one
   * restarted) takes the partitions over now rather than after the 45 s session timeout.
   */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }
}
