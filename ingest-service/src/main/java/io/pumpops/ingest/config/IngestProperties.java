package io.pumpops.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.ingest.*}: validation limits (see {@link TelemetryRules}; each unset one is {@link
 * TelemetryRules#defaults()}'s, the edge gateway's too), the known channels as {@code name=min..max
 * unit} entries (names are data, so a list rather than property keys, which Micronaut would rewrite
 * to kebab-case), and how long a Kafka send may block before it is retried.
 */
@ConfigurationProperties("pumpops.ingest")
public record IngestProperties(
    @Nullable Integer maxPayloadBytes,
    @Nullable Duration maxFutureSkew,
    @Nullable Duration maxPastAge,
    @Nullable List<String> channels,
    @Nullable Boolean rejectUnknownChannels,
    @Nullable List<String> allowedPumps,
    Duration kafkaMaxBlock) {

  /** The validation rules: the defaults with what is configured instead. */
  public TelemetryRules rules() {
    return TelemetryRules.defaults()
        .overriddenBy(
            maxPayloadBytes,
            maxFutureSkew,
            maxPastAge,
            channels,
            rejectUnknownChannels,
            allowedPumps);
  }
}
