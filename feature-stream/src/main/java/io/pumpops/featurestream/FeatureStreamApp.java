package io.pumpops.featurestream;

import io.pumpops.schemas.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the {@link FeatureTopology} with exactly-once processing: a reading is counted in its
 * windows exactly once even when the app crashes mid-commit, and window state lives in local
 * stores backed by changelog topics.
 */
public final class FeatureStreamApp implements AutoCloseable {

  /**
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDirectory where the local state stores live
   * @param commitInterval how often transactions commit; also the latency added to each record
   */
  public record Settings(String bootstrapServers, String applicationId, Path stateDirectory,
                         FeatureTopology.Config topology, Duration commitInterval) {
  }

  private final KafkaStreams streams;

  public FeatureStreamApp(Settings settings, SchemaRegistry registry) {
    Properties config = new Properties();
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDirectory().toString());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // The default from Kafka 5 on; set now so behaviour does not change with the upgrade.
    config.put("processing.exception.handler.global.enabled", true);
    this.streams = new KafkaStreams(FeatureTopology.build(settings.topology(),
        FeatureTopology.TopicSerdes.of(registry)), config);
  }

  /** Publishes Kafka Streams' own metrics (throughput, lag, state stores) to the registry. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams).bindTo(registry);
  }

  public void start() {
    streams.start();
  }

  /** Records the topology dropped (too late for a closed window, undeserializable), so far. */
  public long droppedRecords() {
    return Math.round(streams.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-records-total"))
        .mapToDouble(e -> e.getValue().metricValue() instanceof Number n ? n.doubleValue() : 0).sum());
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
