package io.pumpops.edge.status;

import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.model.LoadedModel;
import io.pumpops.edge.model.ModelManager;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Builds the gateway's heartbeat: who it is (what deploy-service targets by), what it runs, how
 * scoring went since the last one, how full the buffer is, and the last error.
 */
public final class Heartbeat {

  private final GatewayConfig config;
  private final ModelManager models;
  private final ScoringStats stats;
  private final DiskQueue buffer;
  private final BooleanSupplier uplinkConnected;
  private final Clock clock;
  private long sequence;
  private volatile EdgeStatus latest;

  public Heartbeat(
      GatewayConfig config,
      ModelManager models,
      ScoringStats stats,
      DiskQueue buffer,
      BooleanSupplier uplinkConnected,
      Clock clock) {
    this.config = config;
    this.models = models;
    this.stats = stats;
    this.buffer = buffer;
    this.uplinkConnected = uplinkConnected;
    this.clock = clock;
  }

  /** The next heartbeat; its interval figures are reset. */
  public synchronized EdgeStatus next() {
    Optional<LoadedModel> model = models.current();
    ScoringStats.Interval interval =
        stats.takeInterval(model.map(LoadedModel::packageSha256).orElse(null));
    String lastError = models.lastError() != null ? models.lastError() : stats.lastError();
    EdgeStatus status =
        EdgeStatus.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setEventTime(Instant.ofEpochMilli(clock.millis()))
            .setGatewayId(config.gatewayId())
            .setSiteId(config.siteId())
            .setHardwareClass(config.hardwareClass())
            .setOnnxRuntimeVersion(LoadedModel.runtimeVersion())
            .setCapabilities(config.capabilities())
            .setModelName(model.map(m -> m.manifest().modelName()).orElse(null))
            .setModelVersion(model.map(m -> m.manifest().modelVersion()).orElse(null))
            .setModelSha256(model.map(LoadedModel::packageSha256).orElse(null))
            .setLatencyP50Millis(interval.p50Millis())
            .setLatencyP99Millis(interval.p99Millis())
            .setScoredSinceLast(interval.scored())
            .setAnomaliesSinceLast(interval.anomalies())
            .setErrorsSinceLast(interval.errors())
            .setBufferDepth(buffer.depth())
            .setBufferBytes(buffer.bytes())
            .setBufferDropped(buffer.dropped())
            .setUplinkConnected(uplinkConnected.getAsBoolean())
            .setLastError(lastError)
            .setFailedPackageSha256(models.failedPackageSha256())
            .setSequence(++sequence)
            .build();
    latest = status;
    return status;
  }

  /** The last heartbeat made, if any. */
  public Optional<EdgeStatus> latest() {
    return Optional.ofNullable(latest);
  }
}
