package io.pumpops.localstack.mqtt;

import io.pumpops.schemas.mqtt.MqttTopics;
import java.util.List;
import java.util.Optional;

/**
 * Which topics an MQTT identity may use, read from its username. Every identity but the development
 * superuser is confined to its job:
 *
 * <ul>
 *   <li>{@code sensor:<site>}: publish its site's telemetry, nothing else;
 *   <li>{@code gateway:<gateway>:<site>}: read and forward its site's telemetry (also as site
 *       batches), publish its own status, anomalies and alarms and its site's local alarms, read
 *       its own desired state;
 *   <li>{@code ingest-service}: read all telemetry, site batches, status, anomalies and alarms
 *       (shared subscriptions too);
 *   <li>{@code deploy-service}: write (and read back) the gateways' desired states; no one else
 *       may.
 * </ul>
 *
 * An unknown username gets no topic at all. The same rules, for Mosquitto, are in {@code
 * docker/mosquitto/make-acl.sh}, which {@code MosquittoAclTest} holds to this class.
 */
public final class MqttAccessPolicy {

  /** What a permission allows. */
  public enum Activity {
    PUBLISH,
    SUBSCRIBE,
    ALL
  }

  /** One allowed topic filter. */
  public record Permission(String topicFilter, Activity activity) {}

  public static final String INGEST = "ingest-service";
  public static final String DEPLOY = "deploy-service";

  private MqttAccessPolicy() {}

  public static String sensor(String siteId) {
    return "sensor:" + siteId;
  }

  public static String gateway(String gatewayId, String siteId) {
    return "gateway:" + gatewayId + ":" + siteId;
  }

  /** The permissions of a username; empty when the name is no identity (then it may do nothing). */
  public static Optional<List<Permission>> permissions(String username) {
    String[] part = username.split(":", -1);
    if (part.length == 2 && part[0].equals("sensor") && safe(part[1])) {
      return Optional.of(
          List.of(new Permission(MqttTopics.siteTelemetry(part[1]), Activity.PUBLISH)));
    }
    if (part.length == 3 && part[0].equals("gateway") && safe(part[1]) && safe(part[2])) {
      String gateway = part[1];
      String site = part[2];
      return Optional.of(
          List.of(
              new Permission(MqttTopics.siteTelemetry(site), Activity.ALL),
              new Permission(MqttTopics.siteBatch(site), Activity.PUBLISH),
              new Permission(MqttTopics.status(gateway), Activity.PUBLISH),
              new Permission(MqttTopics.anomalies(gateway), Activity.PUBLISH),
              new Permission(MqttTopics.alarmEvents(gateway), Activity.PUBLISH),
              new Permission(MqttTopics.desired(gateway), Activity.SUBSCRIBE),
              new Permission(MqttTopics.alarms(site), Activity.PUBLISH)));
    }
    if (username.equals(INGEST)) {
      return Optional.of(
          List.of(
              new Permission(MqttTopics.ALL_TELEMETRY, Activity.SUBSCRIBE),
              new Permission(MqttTopics.ALL_SITE_BATCHES, Activity.SUBSCRIBE),
              new Permission(MqttTopics.ALL_STATUS, Activity.SUBSCRIBE),
              new Permission(MqttTopics.ALL_ANOMALIES, Activity.SUBSCRIBE),
              new Permission(MqttTopics.ALL_ALARMS, Activity.SUBSCRIBE)));
    }
    if (username.equals(DEPLOY)) {
      return Optional.of(List.of(new Permission(MqttTopics.desired("+"), Activity.ALL)));
    }
    return Optional.empty();
  }

  /** An id becomes a topic level: no wildcards, no separators, not empty. */
  private static boolean safe(String id) {
    return MqttTopics.isTopicLevel(id);
  }
}
