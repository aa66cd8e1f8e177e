package io.pumpops.featurestream.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.feature-stream.*}: the Kafka Streams application id, where its state lives, the
 * late-reading grace, how often new data is reported, the drift windows (and how long they take
 * late pump windows as revisions), and the transaction commit interval.
 */
@ConfigurationProperties("pumpops.feature-stream")
public record FeatureStreamProperties(
    String applicationId,
    Path stateDirectory,
    Duration grace,
    long dataArrivedEveryRecords,
    Duration dataArrivedEveryInterval,
    Duration driftWindow,
    Duration driftHop,
    Duration driftGrace,
    List<String> driftFeatures,
    Duration commitInterval,
    Duration driftRetention,
    Duration driftRevisionInterval,
    @io.micronaut.core.annotation.Nullable Integer streamThreads,
    @io.micronaut.core.annotation.Nullable Duration sessionTimeout,
    @io.micronaut.core.annotation.Nullable List<String> driftRelations) {

  /** Kafka Streams threads, 1 unless configured. */
  public int streamThreadsOrDefault() {
    return streamThreads == null ? 1 : streamThreads;
  }

  /** How long a crashed instance's pumps wait for another instance; Kafka's 45 s unless set. */
  public Duration sessionTimeoutOrDefault() {
    return sessionTimeout == null
        ? io.pumpops.messaging.streams.StreamsRunner.Settings.DEFAULT_SESSION_TIMEOUT
        : sessionTimeout;
  }

  /** The topology's settings from these properties, with defaults where a property is left out. */
  public io.pumpops.featurestream.FeatureTopology.Config topology(FeatureSpec spec) {
    return new io.pumpops.featurestream.FeatureTopology.Config(
        spec,
        grace,
        new io.pumpops.featurestream.FeatureTopology.DataArrivedPolicy(
            dataArrivedEveryRecords, dataArrivedEveryInterval),
        driftMonitoring(spec),
        driftGrace,
        driftRetention == null
            ? io.pumpops.featurestream.FeatureTopology.DEFAULT_DRIFT_RETENTION
            : driftRetention,
        driftRevisionInterval == null
            ? io.pumpops.featurestream.FeatureTopology.DEFAULT_DRIFT_REVISION_INTERVAL
            : driftRevisionInterval);
  }

  /**
   * The drift monitoring configured; an empty feature list means the spec's means and standard
   * deviations. Relations ({@code target|given}): absent, the default ones (pressure given flow)
   * whose two features are monitored; an empty list, none.
   */
  public DriftMonitoring driftMonitoring(FeatureSpec spec) {
    DriftMonitoring defaults = DriftMonitoring.of(spec, driftWindow, driftHop);
    List<String> features =
        driftFeatures == null || driftFeatures.isEmpty() ? defaults.features() : driftFeatures;
    List<io.pumpops.features.drift.Relation> relations =
        driftRelations == null
            ? defaults.relations().stream()
                .filter(r -> features.contains(r.target()) && features.contains(r.given()))
                .toList()
            : driftRelations.stream().map(io.pumpops.features.drift.Relation::parse).toList();
    return new DriftMonitoring(driftWindow, driftHop, features, relations);
  }
}
