package io.pumpops.deploy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pumpops.deploy.fleet.GatewayDirectory;
import io.pumpops.deploy.rollout.Rollout;
import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the REST API. */
public final class Views {

  private Views() {}

  /** A rollout in a line: what, where it stands, how far. */
  @Serdeable
  public record RolloutSummary(
      String id,
      String modelName,
      int modelVersion,
      @Nullable Integer previousVersion,
      String state,
      @Nullable String reason,
      int currentRing,
      int rings,
      int gateways,
      Map<String, Long> gatewaysByStatus,
      Instant startedAt,
      @Nullable Instant endedAt) {
    static RolloutSummary of(Rollout r) {
      Map<String, Long> byStatus = new java.util.TreeMap<>();
      r.targets().values().forEach(t -> byStatus.merge(t.status().name(), 1L, Long::sum));
      return new RolloutSummary(
          r.id(),
          r.modelName(),
          r.modelVersion(),
          r.previousVersion(),
          r.state().name(),
          r.reason(),
          r.currentRing(),
          r.rings().size(),
          r.targets().size(),
          byStatus,
          r.startedAt(),
          r.endedAt());
    }
  }

  /** One gateway's part in a rollout. */
  @Serdeable
  public record TargetView(
      String gatewayId,
      int ring,
      String hardwareClass,
      String status,
      @Nullable String message,
      int version,
      String packageSha256,
      @Nullable Integer rollbackVersion,
      @Nullable Instant runningSince) {
    static TargetView of(Rollout.Target t) {
      return new TargetView(
          t.gatewayId(),
          t.ring(),
          t.hardwareClass(),
          t.status().name(),
          t.message(),
          t.deploy().modelVersion(),
          t.deploy().sha256(),
          t.rollback() == null ? null : t.rollback().modelVersion(),
          t.runningSince());
    }
  }

  /** A rollout whole: its summary, rings, gateways and history. */
  @Serdeable
  public record RolloutView(
      RolloutSummary summary,
      List<List<String>> rings,
      List<TargetView> targets,
      Map<String, String> skipped,
      List<String> history) {
    static RolloutView of(Rollout r) {
      return new RolloutView(
          RolloutSummary.of(r),
          r.rings(),
          r.targets().values().stream().map(TargetView::of).toList(),
          r.skipped(),
          r.history());
    }
  }

  /** A gateway as its last heartbeat describes it. */
  @Serdeable
  public record GatewayView(
      String gatewayId,
      String siteId,
      String hardwareClass,
      String onnxRuntimeVersion,
      List<String> capabilities,
      @Nullable String modelName,
      @Nullable Integer modelVersion,
      @Nullable String modelSha256,
      @Nullable Double latencyP99Millis,
      long bufferDepth,
      @Nullable String lastError,
      Instant lastHeartbeat,
      Instant lastSeen,
      boolean online) {
    static GatewayView of(GatewayDirectory.Gateway g, boolean online) {
      EdgeStatus s = g.status();
      return new GatewayView(
          s.getGatewayId(),
          s.getSiteId(),
          s.getHardwareClass(),
          s.getOnnxRuntimeVersion(),
          s.getCapabilities(),
          s.getModelName(),
          s.getModelVersion(),
          s.getModelSha256(),
          s.getLatencyP99Millis(),
          s.getBufferDepth(),
          s.getLastError(),
          s.getEventTime(),
          g.lastSeen(),
          online);
    }
  }

  /** Body of pause, resume, abort and rollback: why (kept in the rollout's history). */
  @Serdeable
  public record ActionRequest(@Nullable String reason) {}

  @Serdeable
  public record ErrorView(int status, String error, String message) {}
}
