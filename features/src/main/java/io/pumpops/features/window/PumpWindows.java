package io.pumpops.features.window;

import io.pumpops.features.FeatureSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Readings of many pumps → the FeatureSpec's tumbling windows per pump, for batch use (training on
 * replayed data, evaluation). It windows exactly as feature-stream does: windows aligned to the
 * epoch, a reading counted once per (pump, seq) however often it was delivered.
 *
 * <p>The first and last window of each pump are left out of {@link #completeRows()}: a dataset cut
 * at arbitrary offsets starts and ends mid-window, and a partial window's counts and extremes would
 * teach a model that partial windows are normal.
 */
public final class PumpWindows {

  private final FeatureSpec spec;
  private final long windowMillis;

  /** pump → window start → aggregate, both sorted, so rows come out in a stable order. */
  private final Map<String, TreeMap<Long, WindowAggregate>> windows = new TreeMap<>();

  private final Set<String> seen = new HashSet<>();
  private long duplicates;

  public PumpWindows(FeatureSpec spec) {
    if (!spec.hop().equals(spec.window())) {
      throw new IllegalArgumentException(
          "batch windows are tumbling; FeatureSpec " + spec.version() + " hops");
    }
    this.spec = spec;
    this.windowMillis = spec.window().toMillis();
  }

  /** Adds one reading; returns false for a redelivered (pump, seq), which is not counted. */
  public boolean add(String pumpId, long seq, long eventTimeMillis, Map<String, Double> channels) {
    if (!seen.add(pumpId + "\u0000" + seq)) {
      duplicates++;
      return false;
    }
    long start = Windows.lastStart(eventTimeMillis, windowMillis);
    windows
        .computeIfAbsent(pumpId, p -> new TreeMap<>())
        .computeIfAbsent(start, s -> new WindowAggregate(s))
        .add(eventTimeMillis, channels);
    return true;
  }

  public long duplicates() {
    return duplicates;
  }

  /**
   * One row per pump and complete window: pump id, window start, feature vector in the spec's
   * order.
   */
  public record Row(String pumpId, long windowStartMillis, double[] features) {}

  /** Every window but each pump's first and last, by pump then window start. */
  public List<Row> completeRows() {
    List<Row> rows = new ArrayList<>();
    windows.forEach(
        (pump, byStart) -> {
          List<Map.Entry<Long, WindowAggregate>> entries = new ArrayList<>(byStart.entrySet());
          for (int i = 1; i < entries.size() - 1; i++) {
            rows.add(
                new Row(pump, entries.get(i).getKey(), entries.get(i).getValue().vector(spec)));
          }
        });
    return rows;
  }
}
