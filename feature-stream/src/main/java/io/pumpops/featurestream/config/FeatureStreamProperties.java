package io.pumpops.featurestream.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code pumpops.feature-stream.*}: the Kafka Streams application id, where its state lives, the
 * late-reading grace, how often new data is reported, and the transaction commit interval.
 */
@ConfigurationProperties("pumpops.feature-stream")
public record FeatureStreamProperties(String applicationId, Path stateDirectory, Duration grace,
                                      long dataArrivedEveryRecords, Duration dataArrivedEveryInterval,
                                      Duration commitInterval) {
}
