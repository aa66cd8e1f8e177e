package io.pumpops.schemas.mqtt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topic names, declared once (the Kafka topics are in {@link
 * io.pumpops.schemas.topics.Topics}).
 *
 * <ul>
 *   <li>{@code pumps/{siteId}/{pumpId}/telemetry}: sensor readings (JSON), at the site and
 *       upstream;
 *   <li>{@code sites/{siteId}/telemetry}: a gateway's batch of its site's readings upstream, a JSON
 *       array of readings each naming its {@code pumpId} ({@link
 *       io.pumpops.schemas.telemetry.SiteBatch});
 *   <li>{@code edge/{gatewayId}/desired}: the model a gateway should run, retained, a {@code
 *       Deployment} in Avro JSON;
 *   <li>{@code edge/{gatewayId}/status}: heartbeats, {@code EdgeStatus} in Avro JSON;
 *   <li>{@code edge/{gatewayId}/anomalies}: {@code AnomalyEvent} in Avro JSON, one per anomalous
 *       window;
 *   <li>{@code edge/{gatewayId}/alarms}: {@code AlarmEvent} in Avro JSON, alarms opening,
 *       escalating, closing;
 *   <li>{@code sites/{siteId}/alarms}: the site's local alarms ({@code AlarmEvent}), on the site
 *       broker only.
 * </ul>
 */
public final class MqttTopics {

  public static final String ALL_TELEMETRY = "pumps/+/+/telemetry";
  public static final String ALL_SITE_BATCHES = "sites/+/telemetry";
  public static final String ALL_STATUS = "edge/+/status";
  public static final String ALL_ANOMALIES = "edge/+/anomalies";
  public static final String ALL_ALARMS = "edge/+/alarms";

  private static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9._-]+");

  private MqttTopics() {}

  /**
   * Whether an id (site, pump, gateway) may be one topic level: letters, digits, '.', '_' and '-'
   * only, so it can hold no wildcard and no separator and cannot reach another pump's or site's
   * topics.
   */
  public static boolean isTopicLevel(String id) {
    return id != null && TOPIC_LEVEL.matcher(id).matches();
  }

  public static String telemetry(String siteId, String pumpId) {
    return "pumps/" + siteId + "/" + pumpId + "/telemetry";
  }

  public static String siteTelemetry(String siteId) {
    return "pumps/" + siteId + "/+/telemetry";
  }

  /** Where a site's gateway sends its site's readings upstream in batches. */
  public static String siteBatch(String siteId) {
    return "sites/" + siteId + "/telemetry";
  }

  public static String desired(String gatewayId) {
    return "edge/" + gatewayId + "/desired";
  }

  public static String status(String gatewayId) {
    return "edge/" + gatewayId + "/status";
  }

  public static String anomalies(String gatewayId) {
    return "edge/" + gatewayId + "/anomalies";
  }

  /** A gateway's alarm lifecycle events, upstream. */
  public static String alarmEvents(String gatewayId) {
    return "edge/" + gatewayId + "/alarms";
  }

  public static String alarms(String siteId) {
    return "sites/" + siteId + "/alarms";
  }

  /** What an {@code edge/{gatewayId}/...} topic carries. */
  public enum EdgeKind {
    STATUS,
    ANOMALIES,
    ALARMS
  }

  /**
   * The gateway message a topic carries, or empty when it is not {@code
   * edge/{id}/status|anomalies}.
   */
  public static Optional<EdgeKind> edgeKind(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 3 || !parts[0].equals("edge") || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return switch (parts[2]) {
      case "status" -> Optional.of(EdgeKind.STATUS);
      case "anomalies" -> Optional.of(EdgeKind.ANOMALIES);
      case "alarms" -> Optional.of(EdgeKind.ALARMS);
      default -> Optional.empty();
    };
  }

  /** The gateway id of an {@code edge/{gatewayId}/...} topic. */
  public static String gatewayOf(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length < 2 || !parts[0].equals("edge")) {
      throw new IllegalArgumentException("Not a gateway topic: " + topic);
    }
    return parts[1];
  }
}
