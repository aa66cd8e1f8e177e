package io.pumpops.ingest.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How ingest-service connects to the MQTT broker.
 *
 * @param url broker URL, {@code tcp://host:1883} or {@code ssl://host:8883} (TLS uses the JVM's
 *     trust store)
 * @param username username, if the broker needs one
 * @param password password, if the broker needs one
 * @param clientId stable per instance: the broker keeps this client's session (and its
 *     unacknowledged messages) across restarts under this id; {@code {host}} in it stands for the
 *     host name ({@link #clientIdFor}), so that replicas started from one configuration differ
 * @param protocolVersion 5 (shared subscription, so instances split the load) or 3 (MQTT 3.1.1: a
 *     plain subscription, one instance)
 * @param sharedGroup name of the shared-subscription group all instances join
 * @param topicFilter what sensors publish to
 * @param edgeTopicFilters what gateways publish status and anomalies to; empty forwards none
 * @param maxInflight how many unacknowledged messages the broker may send at once (MQTT 5 receive
 *     maximum); bounds the memory held while Kafka is slow
 * @param sessionExpiry how long the broker keeps the session while this instance is away
 * @param resubscribeInterval MQTT 5 only: how often the shared subscriptions are renewed, which
 *     bounds how long a broker that has stopped delivering to a connected shared subscriber (HiveMQ
 *     CE, see docs/adr/0008-shared-subscription-renewal.md) can hold readings back
 */
public record MqttSettings(
    String url,
    Optional<String> username,
    Optional<String> password,
    String clientId,
    int protocolVersion,
    String sharedGroup,
    String topicFilter,
    List<String> edgeTopicFilters,
    int maxInflight,
    Duration sessionExpiry,
    Duration resubscribeInterval) {

  /** Renewing every ten seconds costs one small SUBSCRIBE and caps a broker stall at about that. */
  public static final Duration DEFAULT_RESUBSCRIBE_INTERVAL = Duration.ofSeconds(10);

  public MqttSettings {
    edgeTopicFilters = List.copyOf(edgeTopicFilters);
    if (resubscribeInterval.isNegative() || resubscribeInterval.isZero()) {
      throw new IllegalArgumentException(
          "pumpops.mqtt.resubscribe-interval must be positive, got " + resubscribeInterval);
    }
  }

  public MqttSettings(
      String url,
      Optional<String> username,
      Optional<String> password,
      String clientId,
      int protocolVersion,
      String sharedGroup,
      String topicFilter,
      List<String> edgeTopicFilters,
      int maxInflight,
      Duration sessionExpiry) {
    this(
        url,
        username,
        password,
        clientId,
        protocolVersion,
        sharedGroup,
        topicFilter,
        edgeTopicFilters,
        maxInflight,
        sessionExpiry,
        DEFAULT_RESUBSCRIBE_INTERVAL);
  }

  /**
   * The configured client id with {@code {host}} replaced by the host name: replicas of one
   * container image (docker-compose.production.yml) get one id each, stable across restarts of the
   * same container.
   */
  public static String clientIdFor(String configured, Supplier<String> hostName) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalArgumentException(
          "pumpops.mqtt.client-id is empty; give each instance its own, or use {host} in it");
    }
    return configured.contains("{host}")
        ? configured.replace("{host}", hostName.get())
        : configured;
  }

  /** The filters to subscribe with: shared under MQTT 5, plain under 3.1.1. */
  public List<String> subscriptionFilters() {
    List<String> filters = new ArrayList<>();
    filters.add(topicFilter);
    filters.addAll(edgeTopicFilters);
    return filters.stream()
        .map(f -> protocolVersion == 5 ? "$share/" + sharedGroup + "/" + f : f)
        .toList();
  }
}
