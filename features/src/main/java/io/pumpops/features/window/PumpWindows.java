package io.pumpops.features.window;

import io.pumpops.features.FeatureSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Readings of many pumps → the FeatureSpec's tumbling windows per pump, for batch use (training on
 * replayed data, evaluation). It windows exactly as feature-stream does: windows aligned to the
 * epoch, a reading counted once per (pump, seq) however often it was delivered.
 *
 * <p>The first and last window of each pump are left out of {@link #completeRows()}: a dataset cut
 * at arbitrary offsets starts and ends mid-window, and a partial window's counts and extremes would
 * teach a model that partial windows are normal.
 *
 * <p>With a limit of {@code maxWindows}, it keeps the windows whose rank, a hash of (pump, window
 * start), is among the {@code maxWindows} smallest of every window the readings fall in: a uniform
 * sample of windows over pumps and time that does not depend on the order the readings arrive in,
 * so a replay of the same records keeps the same windows. Memory is then bounded by the limit, not
 * by the hours and pumps replayed: a window held about 2.6 KB while it filled, and six hours of
 * 5,000 pumps are 1.8 million one-minute windows.
 */
public final class PumpWindows {

  /** No limit: every window is kept. */
  public static final int ALL_WINDOWS = 0;

  private final FeatureSpec spec;
  private final long windowMillis;
  private final int maxWindows;

  /** pump → window start → aggregate, both sorted, so rows come out in a stable order. */
  private final Map<String, TreeMap<Long, WindowAggregate>> windows = new TreeMap<>();

  /** pump → {first window start, last window start} over every reading, sampled or not. */
  private final Map<String, long[]> spans = new HashMap<>();

  /** The kept windows by rank, largest last; only with a limit. */
  private final TreeSet<Ranked> kept =
      new TreeSet<>(
          Comparator.comparingLong(Ranked::rank)
              .thenComparing(Ranked::pumpId)
              .thenComparingLong(Ranked::start));

  private final SeenSequences seen = new SeenSequences();
  private long duplicates;
  private long outsideSample;

  private record Ranked(long rank, String pumpId, long start) {}

  public PumpWindows(FeatureSpec spec) {
    this(spec, ALL_WINDOWS);
  }

  /**
   * @param maxWindows the most windows to keep ({@link #ALL_WINDOWS}: no limit)
   */
  public PumpWindows(FeatureSpec spec, int maxWindows) {
    if (!spec.hop().equals(spec.window())) {
      throw new IllegalArgumentException(
          "batch windows are tumbling; FeatureSpec " + spec.version() + " hops");
    }
    if (maxWindows < 0) {
      throw new IllegalArgumentException("maxWindows must be 0 (no limit) or positive");
    }
    this.spec = spec;
    this.windowMillis = spec.window().toMillis();
    this.maxWindows = maxWindows;
  }

  /**
   * Adds one reading; returns false for a redelivered (pump, seq), which is not counted. A reading
   * of a window outside the sample returns true and is counted in {@link #readingsOutsideSample()}.
   */
  public boolean add(String pumpId, long seq, long eventTimeMillis, Map<String, Double> channels) {
    if (!seen.add(pumpId, seq)) {
      duplicates++;
      return false;
    }
    long start = Windows.lastStart(eventTimeMillis, windowMillis);
    long[] span = spans.computeIfAbsent(pumpId, p -> new long[] {start, start});
    span[0] = Math.min(span[0], start);
    span[1] = Math.max(span[1], start);
    TreeMap<Long, WindowAggregate> byStart = windows.computeIfAbsent(pumpId, p -> new TreeMap<>());
    WindowAggregate aggregate = byStart.get(start);
    if (aggregate == null) {
      if (maxWindows != ALL_WINDOWS && !admit(new Ranked(rank(pumpId, start), pumpId, start))) {
        outsideSample++;
        return true;
      }
      aggregate = new WindowAggregate(start);
      byStart.put(start, aggregate);
    }
    aggregate.add(eventTimeMillis, channels);
    return true;
  }

  /**
   * Keeps a new window if its rank is below the largest kept, which then leaves. The largest kept
   * rank only falls, so a window that left or was refused is never kept later: the end result is
   * the {@code maxWindows} smallest ranks, whatever the order of the readings.
   */
  private boolean admit(Ranked window) {
    if (kept.size() == maxWindows) {
      Ranked largest = kept.last();
      if (kept.comparator().compare(window, largest) > 0) {
        return false;
      }
      kept.pollLast();
      windows.get(largest.pumpId()).remove(largest.start());
    }
    kept.add(window);
    return true;
  }

  /** FNV-1a over the pump id, mixed with the window start (SplitMix64's finaliser): stable. */
  static long rank(String pumpId, long start) {
    long h = 0xcbf29ce484222325L;
    for (byte b : pumpId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(h ^ mix(start));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public long duplicates() {
    return duplicates;
  }

  /** Readings that fell in windows left out of the sample (0 without a limit). */
  public long readingsOutsideSample() {
    return outsideSample;
  }

  /**
   * One row per pump and complete window: pump id, window start, feature vector in the spec's
   * order.
   */
  public record Row(String pumpId, long windowStartMillis, double[] features) {}

  /** Every kept window but each pump's first and last, by pump then window start. */
  public List<Row> completeRows() {
    List<Row> rows = new ArrayList<>();
    windows.forEach(
        (pump, byStart) -> {
          long[] span = spans.get(pump);
          byStart.forEach(
              (start, aggregate) -> {
                if (start != span[0] && start != span[1]) {
                  rows.add(new Row(pump, start, aggregate.vector(spec)));
                }
              });
        });
    return rows;
  }
}
