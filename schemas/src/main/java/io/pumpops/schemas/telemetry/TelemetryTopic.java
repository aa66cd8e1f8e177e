package io.pumpops.schemas.telemetry;

import java.util.Optional;

/**
 * The MQTT topic a sensor publishes to: {@code pumps/{siteId}/{pumpId}/telemetry}; a gateway's
 * batch of its site's readings comes on {@code sites/{siteId}/telemetry} ({@link #parseSiteBatch}).
 */
public record TelemetryTopic(String siteId, String pumpId) {

  /** The topic of a pump. */
  public String topic() {
    return "pumps/" + siteId + "/" + pumpId + "/telemetry";
  }

  /** Site and pump from a topic, if it has the telemetry shape. */
  public static Optional<TelemetryTopic> parse(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length == 4
        && parts[0].equals("pumps")
        && parts[3].equals("telemetry")
        && !parts[1].isEmpty()
        && !parts[2].isEmpty()) {
      return Optional.of(new TelemetryTopic(parts[1], parts[2]));
    }
    return Optional.empty();
  }

  /** The site of a {@code sites/{siteId}/telemetry} topic, if it has that shape. */
  public static Optional<String> parseSiteBatch(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length == 3
        && parts[0].equals("sites")
        && parts[2].equals("telemetry")
        && !parts[1].isEmpty()) {
      return Optional.of(parts[1]);
    }
    return Optional.empty();
  }
}
