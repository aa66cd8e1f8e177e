package io.pumpops.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.ingest.*}: validation limits (see {@link io.pumpops.ingest.validation.TelemetryRules})
 * and how long a Kafka send may block before it is retried.
 */
@ConfigurationProperties("pumpops.ingest")
public record IngestProperties(int maxPayloadBytes, Duration maxFutureSkew, Duration maxPastAge,
                               boolean rejectUnknownChannels, List<String> allowedPumps, Duration kafkaMaxBlock) {
}
