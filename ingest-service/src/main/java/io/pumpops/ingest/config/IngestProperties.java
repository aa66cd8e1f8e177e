package io.pumpops.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.ingest.*}: validation limits (see {@link
 * io.pumpops.schemas.telemetry.TelemetryRules}), the known channels as {@code name=min..max unit}
 * entries (names are data, so a list rather than property keys, which Micronaut would rewrite to
 * kebab-case), and how long a Kafka send may block before it is retried.
 */
@ConfigurationProperties("pumpops.ingest")
public record IngestProperties(
    int maxPayloadBytes,
    Duration maxFutureSkew,
    Duration maxPastAge,
    List<String> channels,
    boolean rejectUnknownChannels,
    List<String> allowedPumps,
    Duration kafkaMaxBlock) {}
