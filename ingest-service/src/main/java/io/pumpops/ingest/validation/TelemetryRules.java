package io.pumpops.ingest.validation;

import java.time.Duration;
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
 * @param rejectUnknownChannels true rejects readings with a channel not in {@code channels};
 *     false passes such channels through unchecked
 * @param allowedPumps when present, only these pump ids are accepted
 */
public record TelemetryRules(int maxPayloadBytes, Duration maxFutureSkew, Duration maxPastAge,
                             Map<String, ChannelRange> channels, boolean rejectUnknownChannels,
                             Optional<Set<String>> allowedPumps) {

  public TelemetryRules {
    channels = Map.copyOf(channels);
    allowedPumps = allowedPumps.map(Set::copyOf);
  }

  /**
   * The conventional pump channels with generous physical limits (negative pressure occurs: gauge
   * pressure under suction), unknown channels rejected, 256 KiB payloads, 5 minutes of clock skew
   * and 7 days of offline buffering.
   */
  public static TelemetryRules defaults() {
    return new TelemetryRules(256 * 1024, Duration.ofMinutes(5), Duration.ofDays(7), Map.of(
        "flowRate", new ChannelRange(0, 10_000, "l/min"),
        "pressure", new ChannelRange(-1.5, 700, "bar"),
        "current", new ChannelRange(0, 5_000, "A"),
        "voltage", new ChannelRange(0, 15_000, "V"),
        "motorTemperature", new ChannelRange(-60, 250, "degC"),
        "fluidTemperature", new ChannelRange(-60, 400, "degC"),
        "vibration1", new ChannelRange(0, 100, "g"),
        "vibration2", new ChannelRange(0, 100, "g")), true, Optional.empty());
  }
}
