package io.pumpops.edge;

import io.pumpops.edge.model.DownloadPolicy;
import io.pumpops.edge.uplink.Batching;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a gateway is told at start-up. {@link #fromEnvironment} reads it from {@code
 * PUMPOPS_EDGE_*} environment variables, the way the site's service manager passes it.
 *
 * @param hardwareClass picks the package target in deploy-service (for example {@code
 *     x86-64-standard}, {@code arm64-small})
 * @param siteMqtt the site's own broker, where the pumps' sensors publish
 * @param uplinkMqtt the cloud broker: telemetry, anomalies and heartbeats go up, desired models
 *     come down
 * @param deployPublicKey base64 X.509 Ed25519 public key of deploy-service: the only signer this
 *     gateway trusts
 * @param bufferMaxBytes bound of the store-and-forward buffer on disk
 * @param idleWindowClose a pump's open window is scored after this long without a reading from it
 * @param httpPort health, metrics and status; 0 picks a free port
 * @param httpHost the address the admin port listens on: loopback unless configured
 * @param downloads where packages may be fetched from, how large and how slowly
 * @param bufferDurability whether a buffered reading is synced to disk before the site broker is
 *     acknowledged
 * @param uplinkBatching how the site's readings are packed into site batches upstream
 * @param telemetry what counts as a valid reading: {@link TelemetryRules#defaults()}, as ingest
 *     applies them, unless {@code PUMPOPS_EDGE_TELEMETRY_*} sets otherwise
 */
public record GatewayConfig(
    String gatewayId,
    String siteId,
    String hardwareClass,
    List<String> capabilities,
    Path dataDirectory,
    Broker siteMqtt,
    Broker uplinkMqtt,
    String deployPublicKey,
    Duration heartbeatInterval,
    long bufferMaxBytes,
    DiskQueue.FullPolicy bufferFullPolicy,
    Duration idleWindowClose,
    int httpPort,
    boolean forwardTelemetry,
    String httpHost,
    DownloadPolicy downloads,
    DiskQueue.Durability bufferDurability,
    Batching uplinkBatching,
    TelemetryRules telemetry) {

  /**
   * A gateway whose admin port listens on loopback only and that fetches packages from loopback
   * only.
   */
  public GatewayConfig(
      String gatewayId,
      String siteId,
      String hardwareClass,
      List<String> capabilities,
      Path dataDirectory,
      Broker siteMqtt,
      Broker uplinkMqtt,
      String deployPublicKey,
      Duration heartbeatInterval,
      long bufferMaxBytes,
      DiskQueue.FullPolicy bufferFullPolicy,
      Duration idleWindowClose,
      int httpPort,
      boolean forwardTelemetry) {
    this(
        gatewayId,
        siteId,
        hardwareClass,
        capabilities,
        dataDirectory,
        siteMqtt,
        uplinkMqtt,
        deployPublicKey,
        heartbeatInterval,
        bufferMaxBytes,
        bufferFullPolicy,
        idleWindowClose,
        httpPort,
        forwardTelemetry,
        LOOPBACK,
        DownloadPolicy.defaults(),
        DiskQueue.Durability.SYNC,
        Batching.defaults(),
        TelemetryRules.defaults());
  }

  private static final String LOOPBACK = "127.0.0.1";

  /** An MQTT broker and its credentials. */
  public record Broker(String url, Optional<String> username, Optional<String> password) {}

  public GatewayConfig {
    require(gatewayId, "PUMPOPS_EDGE_GATEWAY_ID");
    require(siteId, "PUMPOPS_EDGE_SITE_ID");
    require(
        deployPublicKey,
        "PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY (deploy-service's public signing key; './pumpops keygen'"
            + " makes a pair, and there is no default: a gateway trusts only the signer it is given)");
    if (!MqttTopics.isTopicLevel(gatewayId) || !MqttTopics.isTopicLevel(siteId)) {
      throw new IllegalArgumentException(
          "gateway and site ids may hold letters, digits, '.', '_' and '-' only (they"
              + " become MQTT topic levels): "
              + gatewayId
              + ", "
              + siteId);
    }
    capabilities = capabilities.stream().sorted().toList();
    if (forwardTelemetry && siteMqtt.url().equals(uplinkMqtt.url())) {
      throw new IllegalArgumentException(
          "the site and uplink brokers are the same ("
              + siteMqtt.url()
              + "): forwarding"
              + " telemetry would send every reading back to where it came from; set PUMPOPS_EDGE_FORWARD_TELEMETRY=false");
    }
  }

  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    String gatewayId = env.get("PUMPOPS_EDGE_GATEWAY_ID");
    return new GatewayConfig(
        gatewayId,
        env.get("PUMPOPS_EDGE_SITE_ID"),
        env.getOrDefault("PUMPOPS_EDGE_HARDWARE_CLASS", "x86-64-standard"),
        Arrays.stream(
                env.getOrDefault("PUMPOPS_EDGE_CAPABILITIES", "local-alarms,store-and-forward")
                    .split(","))
            .map(String::trim)
            .filter(c -> !c.isEmpty())
            .toList(),
        Path.of(env.getOrDefault("PUMPOPS_EDGE_DATA_DIRECTORY", "var/edge/" + gatewayId)),
        broker(env, "PUMPOPS_EDGE_SITE_MQTT", "tcp://127.0.0.1:1883"),
        broker(env, "PUMPOPS_EDGE_UPLINK_MQTT", "tcp://127.0.0.1:1883"),
        env.get("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY"),
        Duration.parse(env.getOrDefault("PUMPOPS_EDGE_HEARTBEAT_INTERVAL", "PT5S")),
        Long.parseLong(
            env.getOrDefault("PUMPOPS_EDGE_BUFFER_MAX_BYTES", String.valueOf(512L * 1024 * 1024))),
        DiskQueue.FullPolicy.valueOf(
            env.getOrDefault("PUMPOPS_EDGE_BUFFER_FULL_POLICY", "DROP_OLDEST")),
        Duration.parse(env.getOrDefault("PUMPOPS_EDGE_IDLE_WINDOW_CLOSE", "PT75S")),
        Integer.parseInt(env.getOrDefault("PUMPOPS_EDGE_HTTP_PORT", "8190")),
        forward(env),
        env.getOrDefault("PUMPOPS_EDGE_HTTP_HOST", LOOPBACK),
        downloads(env),
        Boolean.parseBoolean(env.getOrDefault("PUMPOPS_EDGE_BUFFER_SYNC", "true"))
            ? DiskQueue.Durability.SYNC
            : DiskQueue.Durability.PAGE_CACHE,
        batching(env),
        telemetry(env));
  }

  /**
   * The shared telemetry rules, overridden like ingest's: {@code PUMPOPS_EDGE_TELEMETRY_*}
   * (MAX_PAYLOAD_BYTES, MAX_FUTURE_SKEW, MAX_PAST_AGE, REJECT_UNKNOWN_CHANNELS; CHANNELS as {@code
   * name=min..max unit} entries separated by ';', ALLOWED_PUMPS separated by ',').
   */
  static TelemetryRules telemetry(Map<String, String> env) {
    String prefix = "PUMPOPS_EDGE_TELEMETRY_";
    String payload = env.get(prefix + "MAX_PAYLOAD_BYTES");
    String skew = env.get(prefix + "MAX_FUTURE_SKEW");
    String age = env.get(prefix + "MAX_PAST_AGE");
    String channels = env.get(prefix + "CHANNELS");
    String rejectUnknown = env.get(prefix + "REJECT_UNKNOWN_CHANNELS");
    String pumps = env.get(prefix + "ALLOWED_PUMPS");
    return TelemetryRules.defaults()
        .overriddenBy(
            payload == null ? null : Integer.valueOf(payload),
            skew == null ? null : Duration.parse(skew),
            age == null ? null : Duration.parse(age),
            channels == null ? null : Arrays.asList(channels.split(";")),
            rejectUnknown == null ? null : Boolean.valueOf(rejectUnknown),
            pumps == null ? null : Arrays.asList(pumps.split(",")));
  }

  private static Batching batching(Map<String, String> env) {
    Batching defaults = Batching.defaults();
    return new Batching(
        Integer.parseInt(
            env.getOrDefault(
                "PUMPOPS_EDGE_UPLINK_BATCH_READINGS", String.valueOf(defaults.maxReadings()))),
        Integer.parseInt(
            env.getOrDefault(
                "PUMPOPS_EDGE_UPLINK_BATCH_BYTES", String.valueOf(defaults.maxBytes()))),
        Duration.parse(
            env.getOrDefault("PUMPOPS_EDGE_UPLINK_LINGER", defaults.linger().toString())));
  }

  private static DownloadPolicy downloads(Map<String, String> env) {
    DownloadPolicy defaults = DownloadPolicy.defaults();
    return new DownloadPolicy(
        env.containsKey("PUMPOPS_EDGE_PACKAGE_HOSTS")
            ? Arrays.asList(env.get("PUMPOPS_EDGE_PACKAGE_HOSTS").split(","))
            : defaults.allowedHosts(),
        Long.parseLong(
            env.getOrDefault(
                "PUMPOPS_EDGE_MAX_PACKAGE_BYTES", String.valueOf(defaults.maxPackageBytes()))),
        Long.parseLong(
            env.getOrDefault(
                "PUMPOPS_EDGE_MAX_UNPACKED_BYTES", String.valueOf(defaults.maxUnpackedBytes()))),
        Duration.parse(
            env.getOrDefault("PUMPOPS_EDGE_DOWNLOAD_TIMEOUT", defaults.timeout().toString())));
  }

  /**
   * Forwarding defaults to on when the site has its own broker, off when sensors publish to the
   * cloud broker directly.
   */
  private static boolean forward(Map<String, String> env) {
    String explicit = env.get("PUMPOPS_EDGE_FORWARD_TELEMETRY");
    if (explicit != null) {
      return Boolean.parseBoolean(explicit);
    }
    return !broker(env, "PUMPOPS_EDGE_SITE_MQTT", "tcp://127.0.0.1:1883")
        .url()
        .equals(broker(env, "PUMPOPS_EDGE_UPLINK_MQTT", "tcp://127.0.0.1:1883").url());
  }

  private static Broker broker(Map<String, String> env, String prefix, String defaultUrl) {
    // No default login: a password in the code would be every gateway's password.
    return new Broker(
        env.getOrDefault(prefix + "_URL", defaultUrl),
        Optional.ofNullable(env.get(prefix + "_USERNAME")).filter(s -> !s.isEmpty()),
        Optional.ofNullable(env.get(prefix + "_PASSWORD")).filter(s -> !s.isEmpty()));
  }

  private static void require(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(variable + " must be set");
    }
  }
}
