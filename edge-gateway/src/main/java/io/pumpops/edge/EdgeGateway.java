package io.pumpops.edge;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pumpops.edge.admin.AdminServer;
import io.pumpops.edge.alarm.AlarmTracker;
import io.pumpops.edge.model.LoadedModel;
import io.pumpops.edge.model.ModelManager;
import io.pumpops.edge.scoring.EdgeScoring;
import io.pumpops.edge.site.SiteConnection;
import io.pumpops.edge.status.Heartbeat;
import io.pumpops.edge.status.ScoringStats;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.edge.uplink.Uplink;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.serde.AvroJson;
import io.pumpops.schemas.serde.PlainJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One edge gateway: site telemetry in, scored locally, everything upstream through the disk buffer,
 * desired models verified and swapped in, a heartbeat every few seconds.
 *
 * <pre>
 * site broker --telemetry--> SiteConnection --+--> DiskQueue --> Uplink --> cloud broker
 *                                             +--> EdgeScoring --anomaly--> DiskQueue
 *                                                              --alarm (AlarmTracker)--> DiskQueue, site alarm
 * cloud broker --edge/{id}/desired--> Uplink --> ModelManager (verify, load, smoke check, swap)
 * </pre>
 */
public final class EdgeGateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeGateway.class);

  private final GatewayConfig config;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DiskQueue buffer;
  private final AlarmTracker alarms;
  private final ModelManager models;
  private final ScoringStats stats;
  private final EdgeScoring scoring;
  private final SiteConnection site;
  private final Uplink uplink;
  private final Heartbeat heartbeat;
  private final AdminServer admin;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final ExecutorService modelUpdates =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "model-updates");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gateway-timers");
            t.setDaemon(true);
            return t;
          });

  public EdgeGateway(GatewayConfig config) {
    this(config, Clock.systemUTC());
  }

  public EdgeGateway(GatewayConfig config, Clock clock) {
    this.config = config;
    // A gateway runs on a small box: its heap, threads and process memory are what an operator
    // sizes it by.
    new JvmMemoryMetrics().bindTo(metrics);
    // Time in collection pauses and the heap live after them: what tells a heap too small.
    gcMetrics.bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    this.buffer =
        new DiskQueue(
            config.dataDirectory().resolve("buffer"),
            config.bufferMaxBytes(),
            config.bufferFullPolicy(),
            config.bufferDurability());
    this.models =
        new ModelManager(
            config.dataDirectory().resolve("models"),
            SigningKeys.publicKey(config.deployPublicKey()),
            config.hardwareClass(),
            config.downloads());
    this.stats = new ScoringStats(metrics);
    this.site =
        new SiteConnection(
            config.siteMqtt(), config.gatewayId(), config.siteId(), this::onTelemetry);
    this.alarms =
        new AlarmTracker(config.gatewayId(), clock, config.dataDirectory().resolve("alarms.jsonl"));
    this.scoring =
        new EdgeScoring(
            config.gatewayId(),
            models,
            stats,
            this::onAnomaly,
            alarms,
            this::onAlarm,
            clock,
            config.idleWindowClose().toMillis(),
            config.telemetry());
    this.uplink =
        new Uplink(
            config.uplinkMqtt(),
            config.gatewayId(),
            buffer,
            MqttTopics.desired(config.gatewayId()),
            payload -> modelUpdates.execute(() -> onDesired(payload)),
            Uplink.MAX_IN_FLIGHT,
            config.siteId(),
            config.uplinkBatching());
    this.heartbeat = new Heartbeat(config, models, stats, buffer, uplink::isConnected, clock);
    this.admin =
        new AdminServer(
            config.httpHost(),
            config.httpPort(),
            this::health,
            metrics,
            () ->
                heartbeat
                    .latest()
                    .map(h -> PlainJson.toJson(h).getBytes(StandardCharsets.UTF_8))
                    .orElse(new byte[0]));
    metrics.gauge("pumpops.edge.buffer.depth", buffer, DiskQueue::depth);
    metrics.gauge("pumpops.edge.buffer.bytes", buffer, DiskQueue::bytes);
    // Alerts compare the two: a buffer filling up while the uplink is down.
    metrics.gauge("pumpops.edge.buffer.capacity.bytes", buffer, DiskQueue::capacityBytes);
    metrics.gauge("pumpops.edge.buffer.dropped", buffer, DiskQueue::dropped);
    metrics.gauge("pumpops.edge.alarms.open", alarms, a -> a.open().size());
    metrics.gauge("pumpops.edge.uplink.connected", uplink, u -> u.isConnected() ? 1 : 0);
    metrics.gauge(
        "pumpops.edge.model.version",
        models,
        m -> m.current().map(c -> (double) c.manifest().modelVersion()).orElse(Double.NaN));
  }

  public EdgeGateway start() {
    models.restore();
    site.start();
    uplink.start();
    admin.start();
    long every = config.heartbeatInterval().toMillis();
    timers.scheduleAtFixedRate(this::sendHeartbeat, every, every, TimeUnit.MILLISECONDS);
    timers.scheduleAtFixedRate(
        () -> scoring.closeIdleWindows(config.siteId()), 1, 1, TimeUnit.SECONDS);
    log.info(
        "Edge gateway {} at site {} up: health and metrics on :{}, {} with model {}",
        config.gatewayId(),
        config.siteId(),
        admin.port(),
        config.hardwareClass(),
        models
            .current()
            .map(m -> m.manifest().modelName() + " v" + m.manifest().modelVersion())
            .orElse("none yet"));
    return this;
  }

  private void onTelemetry(String topic, byte[] payload) {
    if (config.forwardTelemetry()) {
      buffer.append(topic, payload);
    }
    scoring.onTelemetry(topic, payload);
  }

  private void onAnomaly(AnomalyEvent anomaly) {
    buffer.append(MqttTopics.anomalies(config.gatewayId()), AvroJson.encode(anomaly));
  }

  /**
   * An alarm opened, escalated or closed: the site hears it at once, the cloud through the buffer.
   */
  private void onAlarm(AlarmEvent alarm) {
    byte[] json = AvroJson.encode(alarm);
    site.alarm(json);
    buffer.append(MqttTopics.alarmEvents(config.gatewayId()), json);
    log.info(
        "alarm {} {} on pump {} ({}, peak {} x threshold): {}",
        alarm.getState(),
        alarm.getAlarmId(),
        alarm.getPumpId(),
        alarm.getSeverity(),
        String.format(java.util.Locale.ROOT, "%.1f", alarm.getPeakScore() / alarm.getThreshold()),
        alarm.getReason());
  }

  /** Alarms open at this gateway now, by pump. */
  public java.util.Map<String, AlarmEvent> openAlarms() {
    return alarms.open();
  }

  private void onDesired(byte[] payload) {
    Deployment desired;
    try {
      desired = AvroJson.decode(payload, Deployment.class);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring a desired-state message that is not a Deployment: {}", e.getMessage());
      return;
    }
    if (!desired.getGatewayId().equals(config.gatewayId())) {
      log.warn("Ignoring a desired-state message for gateway {}", desired.getGatewayId());
      return;
    }
    ModelManager.Outcome outcome = models.apply(desired);
    if (outcome != ModelManager.Outcome.ALREADY_RUNNING) {
      sendHeartbeat(); // deploy-service learns the outcome now, not a heartbeat later
    }
  }

  private void sendHeartbeat() {
    try {
      EdgeStatus status = heartbeat.next();
      buffer.append(MqttTopics.status(config.gatewayId()), AvroJson.encode(status));
    } catch (RuntimeException e) {
      log.warn("Could not make a heartbeat: {}", e.toString());
    }
  }

  private AdminServer.Health health() {
    boolean siteUp = site.isConnected();
    String json =
        String.format(
            "{\"status\":\"%s\",\"gatewayId\":\"%s\",\"siteConnected\":%s,\"uplinkConnected\":%s,"
                + "\"model\":%s,\"bufferDepth\":%d,\"bufferDropped\":%d}",
            siteUp ? "UP" : "DOWN",
            config.gatewayId(),
            siteUp,
            uplink.isConnected(),
            models
                .current()
                .map(
                    m -> "\"" + m.manifest().modelName() + ":" + m.manifest().modelVersion() + "\"")
                .orElse("null"),
            buffer.depth(),
            buffer.dropped());
    return new AdminServer.Health(siteUp, json);
  }

  public GatewayConfig config() {
    return config;
  }

  public Optional<LoadedModel> currentModel() {
    return models.current();
  }

  public Optional<LoadedModel> previousModel() {
    return models.previous();
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(models.lastError());
  }

  /** Windows scored since this gateway process started. */
  public long scoredWindows() {
    return stats.totalScored();
  }

  public long bufferDepth() {
    return buffer.depth();
  }

  public boolean uplinkConnected() {
    return uplink.isConnected();
  }

  public boolean siteConnected() {
    return site.isConnected();
  }

  public int httpPort() {
    return admin.port();
  }

  @Override
  public void close() {
    timers.shutdownNow();
    modelUpdates.shutdownNow();
    admin.close();
    site.close();
    uplink.close();
    models.close();
    buffer.close();
    gcMetrics.close();
    metrics.close();
    log.info(
        "Edge gateway {} stopped; {} messages wait in the buffer",
        config.gatewayId(),
        buffer.depth());
  }
}
