package io.pumpops.deploy.fleet;

import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways deploy-service knows, from their heartbeats on {@code edge.status}: who they are
 * (site, hardware class, ONNX Runtime version, capabilities), what they run, when they were last
 * heard from. A gateway is online while its last heartbeat is younger than {@code staleAfter}.
 */
public final class GatewayDirectory {

  /** The latest heartbeat of one gateway and when deploy-service received it. */
  public record Gateway(EdgeStatus status, Instant lastSeen) {
    public String id() {
      return status.getGatewayId();
    }
  }

  private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
  private final Duration staleAfter;

  public GatewayDirectory(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }

  /**
   * Records a heartbeat; returns true when the gateway was not known before. A heartbeat older than
   * the last one is ignored.
   */
  public boolean update(EdgeStatus status, Instant receivedAt) {
    boolean[] isNew = {false};
    gateways.compute(
        status.getGatewayId(),
        (id, known) -> {
          if (known == null) {
            isNew[0] = true;
            return new Gateway(status, receivedAt);
          }
          if (status.getEventTime().isBefore(known.status().getEventTime())) {
            return known;
          }
          return new Gateway(status, receivedAt);
        });
    return isNew[0];
  }

  public Optional<Gateway> get(String gatewayId) {
    return Optional.ofNullable(gateways.get(gatewayId));
  }

  /** Every known gateway, sorted by id. */
  public List<Gateway> all() {
    return gateways.values().stream().sorted(java.util.Comparator.comparing(Gateway::id)).toList();
  }

  public boolean online(String gatewayId, Instant now) {
    Gateway gateway = gateways.get(gatewayId);
    return gateway != null && gateway.lastSeen().plus(staleAfter).isAfter(now);
  }
}
