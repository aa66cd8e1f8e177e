package io.pumpops.edge.uplink;

import java.time.Duration;

/**
 * How the uplink packs its site's readings into one message on {@code sites/{siteId}/telemetry} (a
 * site batch): the broker's cost is per message, so a batch of a hundred readings costs ingest
 * about what one reading does. Anything else (anomalies, alarms, heartbeats, a reading that could
 * spoil a batch) still goes alone on its own topic.
 *
 * @param maxReadings readings per message at most; 1 sends every reading alone on its pump's topic
 * @param maxBytes a batch's payload at most (ingest refuses messages above its own limit, 256 KiB
 *     by default)
 * @param linger how long a batch waits for more readings once it has one: the latency a reading may
 *     gain at the site, traded for fewer messages when readings trickle in
 */
public record Batching(int maxReadings, int maxBytes, Duration linger) {

  public static final Batching OFF = new Batching(1, Integer.MAX_VALUE, Duration.ZERO);

  public Batching {
    if (maxReadings < 1) {
      throw new IllegalArgumentException(
          "PUMPOPS_EDGE_UPLINK_BATCH_READINGS must be at least 1, not " + maxReadings);
    }
    if (maxBytes < 1024) {
      throw new IllegalArgumentException(
          "PUMPOPS_EDGE_UPLINK_BATCH_BYTES must be at least 1024, not " + maxBytes);
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException(
          "PUMPOPS_EDGE_UPLINK_LINGER must not be negative, not " + linger);
    }
  }

  /** 100 readings, 128 KiB, 250 ms. */
  public static Batching defaults() {
    return new Batching(100, 128 * 1024, Duration.ofMillis(250));
  }

  public boolean enabled() {
    return maxReadings > 1;
  }
}
