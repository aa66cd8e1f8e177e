package io.pumpops.featurestream;

import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.Relation;
import io.pumpops.features.window.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Fleet-wide drift windows of the monitored features: every pump window's {@link FeatureRow} joins
 * the hopping drift windows its start falls in.
 *
 * <p>A drift window is final, and judged, once the fleet's time is past its end plus the grace: the
 * fleet must not wait for its slowest site. The fleet's time is the median of the pumps' own times
 * (each pump's latest window start), so that neither a minority of pumps catching up a backlog
 * holds it back nor one pump whose clock runs ahead (or a live site sending while the rest of the
 * fleet replays hours of data) pushes it on and has every window in between judged on data that has
 * not arrived. Pumps more than {@code retention} behind the most advanced are left out of the
 * median (gone quiet, or decommissioned), so they do not hold the fleet back for ever; "most
 * advanced" is the 90th percentile, so that one pump far ahead cannot make the rest look gone. A
 * site that comes back with hours of buffered readings then delivers pump windows to drift windows
 * that are already final. They are not dropped (as Kafka Streams' windowed aggregation would): the
 * window keeps its rows for {@code retention} of fleet time, takes them in, and its statistics are
 * published again as a numbered revision (at most once per {@code revisionInterval} of wall time,
 * however many pump windows arrived), so what operators see counts every pump. drift-service
 * records revisions but does not judge a window twice: a decision is taken once, on time.
 *
 * <p>A window's sample is its {@code capacity} rows with the smallest {@link FeatureRow#draw()} (a
 * bottom-k sample), so that the sample, and so its statistics, are the same whichever order the
 * rows arrive in; it stores at most twice that many (pruned in bulk), so state stays bounded for
 * any fleet. Each row is its own store entry and the window's {@link DriftWindowTally} a few
 * hundred bytes: counting a pump window writes at most one row and one tally to the changelogs.
 * (Keeping each window's sample as one value rewrote up to 160 KB per feature and window at every
 * commit: 3 GB of changelog in three minutes at 2,500 pumps, which stalled feature-stream;
 * bench/RESULTS.md, Fleet.)
 *
 * <p>A pump window later than the retention of every drift window it belongs to is {@link
 * Output.Late}: counted and reported with its pump, never dropped silently.
 */
final class DriftWindows implements Processor<String, FeatureRow, String, DriftWindows.Output> {

  /** The rows kept of each drift window, by {@link #rowKey}. */
  static final String ROWS = "drift-window-rows";

  /** Each drift window's {@link DriftWindowTally}, by {@link #windowKey}. */
  static final String TALLIES = "drift-window-tallies";

  /** Each pump's own time: the start of its latest pump window seen here. */
  static final String PUMP_TIMES = "drift-pump-times";

  /**
   * 20,000 rows keep PSI's sampling noise near 0.0005 whatever the fleet size (3.2 MB per window at
   * twenty features).
   */
  static final int CAPACITY = 20_000;

  /** The stores the processor uses (changelogged, cached), to add to its topology. */
  static List<org.apache.kafka.streams.state.StoreBuilder<?>> stores() {
    return List.of(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROWS), Serdes.String(), FeatureRow.valuesSerde())
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TALLIES), Serdes.String(), DriftWindowTally.serde())
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PUMP_TIMES), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
  }

  /** What the windows publish. */
  sealed interface Output {
    /**
     * A drift window's values of one feature: revision 0 when it closes, then 1, 2, ... as late
     * pump windows join it.
     */
    record Window(
        String feature, long startMillis, long endMillis, DriftSample sample, int revision)
        implements Output {}

    /** A pump window that came after every drift window it belongs to was let go. */
    record Late(FeatureRow row, long fleetTimeMillis) implements Output {}
  }

  private final List<String> features;
  private final List<Relation> relations;
  private final long windowMillis;
  private final long hopMillis;
  private final long graceMillis;
  private final long retentionMillis;
  private final Duration revisionInterval;
  private final int capacity;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, double[]> rows;
  private KeyValueStore<String, DriftWindowTally> tallies;
  private KeyValueStore<String, Long> pumpTimes;

  /** The pump times, in memory, and how many pumps are at each (few distinct: window starts). */
  private final Map<String, Long> times = new HashMap<>();

  private final TreeMap<Long, Integer> pumpsAt = new TreeMap<>();

  private long fleetTime = Long.MIN_VALUE;

  /**
   * @param grace how long after its end (fleet time) a drift window is judged
   * @param retention how long after that it still takes late pump windows, as revisions
   * @param revisionInterval how often (wall time) revised windows are published
   */
  DriftWindows(
      DriftMonitoring monitoring, Duration grace, Duration retention, Duration revisionInterval) {
    this(monitoring, grace, retention, revisionInterval, CAPACITY);
  }

  /** With another capacity than {@link #CAPACITY} (tests fill windows with it). */
  DriftWindows(
      DriftMonitoring monitoring,
      Duration grace,
      Duration retention,
      Duration revisionInterval,
      int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a drift window must keep at least one row");
    }
    this.features = monitoring.features();
    this.relations = monitoring.relations();
    this.windowMillis = monitoring.window().toMillis();
    this.hopMillis = monitoring.hop().toMillis();
    this.graceMillis = grace.toMillis();
    this.retentionMillis = retention.toMillis();
    this.revisionInterval = revisionInterval;
    this.capacity = capacity;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.rows = context.getStateStore(ROWS);
    this.tallies = context.getStateStore(TALLIES);
    this.pumpTimes = context.getStateStore(PUMP_TIMES);
    try (KeyValueIterator<String, Long> all = pumpTimes.all()) {
      all.forEachRemaining(e -> setTime(e.key, e.value));
    }
    fleetTime = median();
    context.schedule(revisionInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishRevisions());
  }

  @Override
  public void process(Record<String, FeatureRow> record) {
    FeatureRow row = record.value();
    advance(
        row.pumpId() == null ? "partition-" + row.partition() : row.pumpId(),
        row.windowStartMillis());
    boolean kept = false;
    long firstStart = Windows.firstStart(row.windowStartMillis(), windowMillis, hopMillis);
    for (long start = Windows.lastStart(row.windowStartMillis(), hopMillis);
        start >= firstStart;
        start -= hopMillis) {
      if (start + windowMillis + graceMillis + retentionMillis <= fleetTime) {
        continue;
      }
      kept = true;
      count(start, row);
    }
    if (!kept) {
      context.forward(
          new Record<>(record.key(), (Output) new Output.Late(row, fleetTime), record.timestamp()));
    }
    closeAndForget();
  }

  /**
   * Counts a row in one drift window, and stores it unless its draw shows it cannot be among the
   * window's sample.
   */
  private void count(long start, FeatureRow row) {
    String window = windowKey(start);
    DriftWindowTally tally = tallies.get(window);
    if (tally == null) {
      tally = DriftWindowTally.OPEN;
    }
    long draw = row.draw();
    boolean store = tally.stored() < capacity || Long.compareUnsigned(draw, tally.threshold()) < 0;
    if (store) {
      rows.put(rowKey(window, draw, row), row.values());
    }
    tally = tally.counting(row, store);
    if (tally.stored() >= 2 * capacity) {
      tally = prune(window, tally);
    }
    tallies.put(window, tally);
  }

  /**
   * Keeps the window's {@code capacity} rows of smallest draw and deletes the rest, in one pass in
   * draw order. Pruning in bulk, rarely (a window of n rows is pruned about ln(n / capacity)
   * times), rather than dropping the largest row at each arrival: that read the store backwards
   * over the deletions of every earlier arrival (RocksDB keeps them as tombstones until
   * compaction), and feature-stream stalled after five minutes at 5,000 pumps.
   */
  private DriftWindowTally prune(String window, DriftWindowTally tally) {
    List<String> surplus = new ArrayList<>();
    long threshold = tally.threshold();
    int seen = 0;
    try (KeyValueIterator<String, double[]> it = rows.range(window + "|", window + "|~")) {
      while (it.hasNext()) {
        String key = it.next().key;
        if (++seen <= capacity) {
          threshold = drawOf(key);
        } else {
          surplus.add(key);
        }
      }
    }
    surplus.forEach(rows::delete);
    return tally.pruned(capacity, threshold);
  }

  /** Moves a pump's own time on; the fleet's time can change only when a pump passes it. */
  private void advance(String pump, long windowStartMillis) {
    Long was = times.get(pump);
    if (was != null && was >= windowStartMillis) {
      return;
    }
    setTime(pump, windowStartMillis);
    pumpTimes.put(pump, windowStartMillis);
    if (was == null || was <= fleetTime) {
      // Not held monotonic: should the first pump seen be one far ahead, the fleet's time falls
      // back to the fleet as soon as its pumps arrive. Windows already published stay published.
      fleetTime = median();
    }
  }

  private void setTime(String pump, long time) {
    Long was = times.put(pump, time);
    if (was != null) {
      pumpsAt.computeIfPresent(was, (t, n) -> n == 1 ? null : n - 1);
    }
    pumpsAt.merge(time, 1, Integer::sum);
  }

  private void forget(String pump) {
    Long was = times.remove(pump);
    if (was != null) {
      pumpsAt.computeIfPresent(was, (t, n) -> n == 1 ? null : n - 1);
    }
    pumpTimes.delete(pump);
  }

  /**
   * The lower median of the pump times, leaving out (and forgetting) pumps more than the retention
   * behind the 90th percentile: a few pumps far ahead do not make the rest look gone.
   */
  private long median() {
    if (times.isEmpty()) {
      return Long.MIN_VALUE;
    }
    long cutoff = nth((int) ((times.size() - 1) * 0.9)) - retentionMillis;
    if (pumpsAt.firstKey() <= cutoff) {
      times.entrySet().stream()
          .filter(e -> e.getValue() <= cutoff)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(this::forget);
    }
    return nth((times.size() - 1) / 2);
  }

  /** The pump time at this index of all pump times in order. */
  private long nth(int index) {
    int passed = 0;
    for (Map.Entry<Long, Integer> at : pumpsAt.entrySet()) {
      passed += at.getValue();
      if (passed > index) {
        return at.getKey();
      }
    }
    throw new IllegalStateException("no pump time at " + index + " of " + times.size());
  }

  /** Publishes the windows the fleet's time has closed; forgets those past retention. */
  private void closeAndForget() {
    if (fleetTime == Long.MIN_VALUE) {
      return;
    }
    long lastClosedStart = fleetTime - windowMillis - graceMillis;
    if (lastClosedStart < 0) {
      return;
    }
    List<KeyValue<String, DriftWindowTally>> closed = new ArrayList<>();
    try (KeyValueIterator<String, DriftWindowTally> it =
        tallies.range(windowKey(0), windowKey(lastClosedStart))) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, DriftWindowTally> window : closed) {
      long start = Long.parseLong(window.key);
      if (start + windowMillis + graceMillis + retentionMillis <= fleetTime) {
        forgetWindow(window.key);
      } else if (!window.value.published()) {
        publish(start, window.key, window.value, 0);
      }
    }
  }

  private void forgetWindow(String window) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, double[]> it = rows.range(window + "|", window + "|~")) {
      it.forEachRemaining(r -> keys.add(r.key));
    }
    keys.forEach(rows::delete);
    tallies.delete(window);
  }

  private void publishRevisions() {
    List<KeyValue<String, DriftWindowTally>> revised = new ArrayList<>();
    try (KeyValueIterator<String, DriftWindowTally> it = tallies.all()) {
      it.forEachRemaining(
          w -> {
            if (w.value.published() && w.value.revised()) {
              revised.add(w);
            }
          });
    }
    for (KeyValue<String, DriftWindowTally> window : revised) {
      publish(Long.parseLong(window.key), window.key, window.value, window.value.revision() + 1);
    }
  }

  /**
   * One {@link Output.Window} per monitored feature, from the window's sample: its {@code capacity}
   * stored rows of smallest draw.
   */
  private void publish(long start, String window, DriftWindowTally tally, int revision) {
    List<double[]> kept = new ArrayList<>(Math.min(capacity, tally.stored()));
    try (KeyValueIterator<String, double[]> it = rows.range(window + "|", window + "|~")) {
      while (it.hasNext() && kept.size() < capacity) {
        kept.add(it.next().value);
      }
    }
    for (int f = 0; f < features.size(); f++) {
      final int feature = f;
      double[] values =
          kept.stream()
              .mapToDouble(r -> feature < r.length ? r[feature] : Double.NaN)
              .filter(Double::isFinite)
              .toArray();
      if (values.length > 0) {
        context.forward(
            new Record<>(
                features.get(f),
                (Output)
                    new Output.Window(
                        features.get(f),
                        start,
                        start + windowMillis,
                        new DriftSample(values, tally),
                        revision),
                start + windowMillis));
      }
    }
    for (Relation relation : relations) {
      int target = features.indexOf(relation.target());
      int given = features.indexOf(relation.given());
      List<double[]> pairs =
          kept.stream()
              .filter(
                  r ->
                      Math.max(target, given) < r.length
                          && Double.isFinite(r[target])
                          && Double.isFinite(r[given]))
              .toList();
      if (!pairs.isEmpty()) {
        context.forward(
            new Record<>(
                relation.name(),
                (Output)
                    new Output.Window(
                        relation.name(),
                        start,
                        start + windowMillis,
                        new DriftSample(
                            pairs.stream().mapToDouble(r -> r[target]).toArray(),
                            pairs.stream().mapToDouble(r -> r[given]).toArray(),
                            tally),
                        revision),
                start + windowMillis));
      }
    }
    tallies.put(window, tally.publishedAs(revision));
  }

  /** The window start zero-padded, so a range of keys is windows in time order. */
  static String windowKey(long startMillis) {
    return String.format("%013d", startMillis);
  }

  /**
   * Window, then the row's draw as sixteen hex digits (so a window's rows are in draw order), then
   * its place in pump.features (so two rows never share a key).
   */
  static String rowKey(String window, long draw, FeatureRow row) {
    String hex = Long.toHexString(draw);
    return window
        + "|"
        + "0".repeat(16 - hex.length())
        + hex
        + "|"
        + row.partition()
        + "|"
        + row.offset();
  }

  private static long drawOf(String rowKey) {
    int from = rowKey.indexOf('|') + 1;
    return Long.parseUnsignedLong(rowKey.substring(from, from + 16), 16);
  }
}
