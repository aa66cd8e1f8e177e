package io.pumpops.edge.scoring;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.features.window.Windows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open window of each pump, tumbling and aligned to the epoch as in feature-stream: a reading
 * from a later window closes the open one. A pump's first window is partial (the gateway started or
 * the pump came up mid-window) and is not scored, as training leaves it out. A reading whose
 * sequence number is not above the pump's last is a redelivery and is not counted again.
 */
public final class PumpWindowTracker {

  private final long windowMillis;
  private final Map<String, Open> open = new HashMap<>();
  private long late;

  /** A window that will receive no more readings. */
  public record Closed(
      String pumpId, long windowStartMillis, long windowEndMillis, WindowAggregate aggregate) {}

  private static final class Open {
    WindowAggregate aggregate;
    long start;
    long lastSeq;
    long lastArrivalMillis;
    boolean partial;
  }

  /** Tumbling windows of the spec, as training cut them ({@link PumpWindows}). */
  public PumpWindowTracker(FeatureSpec spec) {
    if (!spec.hop().equals(spec.window())) {
      throw new IllegalArgumentException(
          "the gateway scores tumbling windows, as training cuts them; FeatureSpec "
              + spec.version()
              + " hops");
    }
    this.windowMillis = spec.window().toMillis();
  }

  /** Adds a reading; returns the window it closed, if any (at most one). */
  public List<Closed> add(
      String pumpId,
      long seq,
      long eventTimeMillis,
      Map<String, Double> channels,
      long arrivalMillis) {
    long start = Windows.lastStart(eventTimeMillis, windowMillis);
    Open window = open.get(pumpId);
    List<Closed> closed = new ArrayList<>(1);
    if (window == null) {
      window = new Open();
      window.aggregate = new WindowAggregate(start);
      window.start = start;
      window.lastSeq = seq;
      window.partial = true;
      open.put(pumpId, window);
    } else {
      if (seq <= window.lastSeq) {
        return closed;
      }
      window.lastSeq = seq;
      if (start < window.start) {
        late++;
        return closed;
      }
      if (start > window.start) {
        if (!window.partial) {
          closed.add(
              new Closed(pumpId, window.start, window.start + windowMillis, window.aggregate));
        }
        window.aggregate = new WindowAggregate(start);
        window.start = start;
        window.partial = false;
      }
    }
    window.aggregate.add(eventTimeMillis, channels);
    window.lastArrivalMillis = arrivalMillis;
    return closed;
  }

  /** Closes the windows of pumps that have been silent since {@code silentSince}. */
  public List<Closed> closeIdle(long silentSinceMillis) {
    List<Closed> closed = new ArrayList<>();
    for (Map.Entry<String, Open> entry : open.entrySet()) {
      Open window = entry.getValue();
      if (window.lastArrivalMillis < silentSinceMillis && window.aggregate.readings() > 0) {
        if (!window.partial) {
          closed.add(
              new Closed(
                  entry.getKey(), window.start, window.start + windowMillis, window.aggregate));
        }
        window.aggregate = new WindowAggregate(window.start + windowMillis);
        window.start = window.start + windowMillis;
        window.partial = true;
      }
    }
    return closed;
  }

  /** Readings that arrived after their window had closed: forwarded upstream, not scored. */
  public long late() {
    return late;
  }
}
