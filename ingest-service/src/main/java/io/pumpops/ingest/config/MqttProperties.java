package io.pumpops.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.mqtt.*}: see {@link io.pumpops.ingest.mqtt.MqttSettings} for each key's meaning.
 */
@ConfigurationProperties("pumpops.mqtt")
public record MqttProperties(
    String url,
    @Nullable String username,
    @Nullable String password,
    String clientId,
    int protocolVersion,
    String sharedGroup,
    String topicFilter,
    @Nullable List<String> edgeTopicFilters,
    int maxInflight,
    Duration sessionExpiry,
    @Nullable Duration resubscribeInterval) {}
