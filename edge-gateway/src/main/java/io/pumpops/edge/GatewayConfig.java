package io.pumpops.edge;

import io.pumpops.edge.model.DownloadPolicy;
import io.pumpops.edge.uplink.Batching;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * The configuration from {@code PUMPOPS_EDGE_*} variables; a malformed value is refused with an
   * {@link IllegalArgumentException} naming the variable (see {@link EnvironmentSettings}).
   */
  public static GatewayConfig fromEnvironment(Map<String, String> variables) {
    EnvironmentSettings env = new EnvironmentSettings(variables);
    String gatewayId = env.text("PUMPOPS_EDGE_GATEWAY_ID").orElse(null);
    Broker site = broker(env, "PUMPOPS_EDGE_SITE_MQTT");
    Broker uplink = broker(env, "PUMPOPS_EDGE_UPLINK_MQTT");
    return new GatewayConfig(
        gatewayId,
        env.text("PUMPOPS_EDGE_SITE_ID").orElse(null),
        env.text("PUMPOPS_EDGE_HARDWARE_CLASS", "x86-64-standard"),
        env.list("PUMPOPS_EDGE_CAPABILITIES", ",")
            .orElse(List.of("local-alarms", "store-and-forward")),
        Path.of(env.text("PUMPOPS_EDGE_DATA_DIRECTORY", "var/edge/" + gatewayId)),
        site,
        uplink,
        env.text("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY").orElse(null),
        env.duration("PUMPOPS_EDGE_HEARTBEAT_INTERVAL", Duration.ofSeconds(5)),
        env.wholeNumber("PUMPOPS_EDGE_BUFFER_MAX_BYTES", 512L * 1024 * 1024),
        env.choice(
            "PUMPOPS_EDGE_BUFFER_FULL_POLICY",
            DiskQueue.FullPolicy.class,
            DiskQueue.FullPolicy.DROP_OLDEST),
        env.duration("PUMPOPS_EDGE_IDLE_WINDOW_CLOSE", Duration.ofSeconds(75)),
        env.integer("PUMPOPS_EDGE_HTTP_PORT", 8190),
        // Forwarding defaults to on when the site has its own broker, off when sensors publish to
        // the cloud broker directly.
        env.flag("PUMPOPS_EDGE_FORWARD_TELEMETRY", !site.url().equals(uplink.url())),
        env.text("PUMPOPS_EDGE_HTTP_HOST", LOOPBACK),
        downloads(env),
        env.flag("PUMPOPS_EDGE_BUFFER_SYNC", true)
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
  static TelemetryRules telemetry(Map<String, String> variables) {
    return telemetry(new EnvironmentSettings(variables));
  }

  private static TelemetryRules telemetry(EnvironmentSettings env) {
    String prefix = "PUMPOPS_EDGE_TELEMETRY_";
    try {
      return TelemetryRules.defaults()
          .overriddenBy(
              env.integer(prefix + "MAX_PAYLOAD_BYTES").orElse(null),
              env.duration(prefix + "MAX_FUTURE_SKEW").orElse(null),
              env.duration(prefix + "MAX_PAST_AGE").orElse(null),
              env.list(prefix + "CHANNELS", ";").orElse(null),
              env.flag(prefix + "REJECT_UNKNOWN_CHANNELS").orElse(null),
              env.list(prefix + "ALLOWED_PUMPS", ",").orElse(null));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
        throw e;
      }
      throw new IllegalArgumentException(prefix + "*: " + e.getMessage(), e);
    }
  }

  private static Batching batching(EnvironmentSettings env) {
    Batching defaults = Batching.defaults();
    return new Batching(
        env.integer("PUMPOPS_EDGE_UPLINK_BATCH_READINGS", defaults.maxReadings()),
        env.integer("PUMPOPS_EDGE_UPLINK_BATCH_BYTES", defaults.maxBytes()),
        env.duration("PUMPOPS_EDGE_UPLINK_LINGER", defaults.linger()));
  }

  private static DownloadPolicy downloads(EnvironmentSettings env) {
    DownloadPolicy defaults = DownloadPolicy.defaults();
    return new DownloadPolicy(
        env.list("PUMPOPS_EDGE_PACKAGE_HOSTS", ",").orElse(defaults.allowedHosts()),
        env.wholeNumber("PUMPOPS_EDGE_MAX_PACKAGE_BYTES", defaults.maxPackageBytes()),
        env.wholeNumber("PUMPOPS_EDGE_MAX_UNPACKED_BYTES", defaults.maxUnpackedBytes()),
        env.duration("PUMPOPS_EDGE_DOWNLOAD_TIMEOUT", defaults.timeout()));
  }

  private static Broker broker(EnvironmentSettings env, String prefix) {
    // No default login: a password in the code would be every gateway's password.
    return new Broker(
        env.text(prefix + "_URL", "tcp://127.0.0.1:1883"),
        env.secret(prefix + "_USERNAME"),
        env.secret(prefix + "_PASSWORD"));
  }

  private static void require(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(variable + " must be set");
    }
  }
}
