package io.pumpops.schemas.telemetry;

import static io.pumpops.schemas.PumpChannels.CURRENT;
import static io.pumpops.schemas.PumpChannels.FLOW_RATE;
import static io.pumpops.schemas.PumpChannels.FLUID_TEMPERATURE;
import static io.pumpops.schemas.PumpChannels.MOTOR_TEMPERATURE;
import static io.pumpops.schemas.PumpChannels.PRESSURE;
import static io.pumpops.schemas.PumpChannels.VIBRATION_1;
import static io.pumpops.schemas.PumpChannels.VIBRATION_2;
import static io.pumpops.schemas.PumpChannels.VOLTAGE;

import io.pumpops.schemas.PumpChannels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What counts as a valid reading.
 *
 * @param maxPayloadBytes larger MQTT payloads are rejected whole, before parsing
 * @param maxFutureSkew how far a reading's timestamp may be ahead of this service's clock
 * @param maxPastAge how old a reading may be (sites buffer while offline, so allow days)
 * @param channels known channels and their physical ranges
 * @param rejectUnknownChannels true rejects readings with a channel not in {@code channels}; false
 *     passes such channels through unchecked
 * @param allowedPumps when present, only these pump ids are accepted
 */
public record TelemetryRules(
    int maxPayloadBytes,
    Duration maxFutureSkew,
    Duration maxPastAge,
    Map<String, ChannelRange> channels,
    boolean rejectUnknownChannels,
    Optional<Set<String>> allowedPumps) {

  public TelemetryRules {
    channels = Map.copyOf(channels);
    allowedPumps = allowedPumps.map(Set::copyOf);
  }

  /**
   * The conventional pump channels with generous physical limits (negative pressure occurs: gauge
   * pressure under suction), unknown channels rejected, 256 KiB payloads, 20 seconds of clock skew
   * and 7 days of offline buffering. The one definition: ingest-service and the edge gateway both
   * start from it and override what their configuration sets.
   */
  public static TelemetryRules defaults() {
    return new TelemetryRules(
        256 * 1024,
        // Below feature-stream's grace (30 s): a reading stamped ahead moves its pump's time on,
        // and
        // within the grace the pump's on-time readings still count.
        Duration.ofSeconds(20),
        Duration.ofDays(7),
        Map.of(
            FLOW_RATE, range(FLOW_RATE, 0, 10_000),
            PRESSURE, range(PRESSURE, -1.5, 700),
            CURRENT, range(CURRENT, 0, 5_000),
            VOLTAGE, range(VOLTAGE, 0, 15_000),
            MOTOR_TEMPERATURE, range(MOTOR_TEMPERATURE, -60, 250),
            FLUID_TEMPERATURE, range(FLUID_TEMPERATURE, -60, 400),
            VIBRATION_1, range(VIBRATION_1, 0, 100),
            VIBRATION_2, range(VIBRATION_2, 0, 100)),
        true,
        Optional.empty());
  }

  /**
   * These rules with what a service's configuration sets instead; null (or, for the lists, empty)
   * keeps the default.
   *
   * @param channels entries {@code name=min..max unit} ({@link ChannelRange#parse})
   */
  public TelemetryRules overriddenBy(
      Integer maxPayloadBytes,
      Duration maxFutureSkew,
      Duration maxPastAge,
      List<String> channels,
      Boolean rejectUnknownChannels,
      List<String> allowedPumps) {
    Map<String, ChannelRange> ranges = new LinkedHashMap<>();
    if (channels != null && !channels.isEmpty()) {
      channels.stream().map(ChannelRange::parse).forEach(e -> ranges.put(e.getKey(), e.getValue()));
    }
    return new TelemetryRules(
        maxPayloadBytes != null ? maxPayloadBytes : this.maxPayloadBytes,
        maxFutureSkew != null ? maxFutureSkew : this.maxFutureSkew,
        maxPastAge != null ? maxPastAge : this.maxPastAge,
        ranges.isEmpty() ? this.channels : ranges,
        rejectUnknownChannels != null ? rejectUnknownChannels : this.rejectUnknownChannels,
        allowedPumps != null && !allowedPumps.isEmpty()
            ? Optional.of(Set.copyOf(allowedPumps))
            : this.allowedPumps);
  }

  private static ChannelRange range(String channel, double min, double max) {
    return new ChannelRange(min, max, PumpChannels.UNITS.get(channel));
  }
}
