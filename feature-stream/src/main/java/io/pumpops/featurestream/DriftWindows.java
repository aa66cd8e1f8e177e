package io.pumpops.featurestream;

import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.window.Windows;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fleet-wide drift windows of each monitored feature, keyed by feature: every pump window's value
 * joins the hopping drift windows its start falls in.
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
 * window keeps its sample for {@code retention} of fleet time, takes them in, and its statistics
 * are published again as a numbered revision (at most once per {@code revisionInterval} of wall
 * time, however many pump windows arrived), so what operators see counts every pump. drift-service
 * records revisions but does not judge a window twice: a decision is taken once, on time.
 *
 * <p>A pump window later than the retention of every drift window it belongs to is {@link
 * Output.Late}: counted and reported with its pump, never dropped silently.
 */
final class DriftWindows implements Processor<String, FeatureValue, String, DriftWindows.Output> {

  /** The samples of the drift windows, by {@link #key}. */
  static final String SAMPLES = "drift-windows";

  /** Whether each drift window was published, how often, and whether it took values since. */
  static final String STATUS = "drift-window-status";

  /** Each pump's own time: the start of its latest pump window seen here. */
  static final String PUMP_TIMES = "drift-pump-times";

  /** What the windows publish. */
  sealed interface Output {
    /**
     * A drift window's values: revision 0 when it closes, then 1, 2, ... as late pump windows join
     * it.
     */
    record Window(
        String feature, long startMillis, long endMillis, DriftSample sample, int revision)
        implements Output {}

    /** A pump window that came after every drift window it belongs to was let go. */
    record Late(String feature, FeatureValue value, long fleetTimeMillis) implements Output {}
  }

  private final long windowMillis;
  private final long hopMillis;
  private final long graceMillis;
  private final long retentionMillis;
  private final Duration revisionInterval;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, DriftSample> samples;
  private KeyValueStore<String, DriftWindowStatus> status;
  private KeyValueStore<String, Long> pumpTimes;

  /** The pump times, in memory: the median is recomputed from them. */
  private final java.util.Map<String, Long> times = new java.util.HashMap<>();

  private long fleetTime = Long.MIN_VALUE;

  /**
   * @param grace how long after its end (fleet time) a drift window is judged
   * @param retention how long after that it still takes late pump windows, as revisions
   * @param revisionInterval how often (wall time) revised windows are published
   */
  DriftWindows(
      DriftMonitoring monitoring, Duration grace, Duration retention, Duration revisionInterval) {
    this.windowMillis = monitoring.window().toMillis();
    this.hopMillis = monitoring.hop().toMillis();
    this.graceMillis = grace.toMillis();
    this.retentionMillis = retention.toMillis();
    this.revisionInterval = revisionInterval;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.samples = context.getStateStore(SAMPLES);
    this.status = context.getStateStore(STATUS);
    this.pumpTimes = context.getStateStore(PUMP_TIMES);
    try (KeyValueIterator<String, Long> all = pumpTimes.all()) {
      all.forEachRemaining(e -> times.put(e.key, e.value));
    }
    fleetTime = median();
    context.schedule(revisionInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishRevisions());
  }

  @Override
  public void process(Record<String, FeatureValue> record) {
    String feature = record.key();
    FeatureValue value = record.value();
    advance(
        value.pumpId() == null ? "partition-" + value.partition() : value.pumpId(),
        value.windowStartMillis());
    boolean kept = false;
    long firstStart = Windows.firstStart(value.windowStartMillis(), windowMillis, hopMillis);
    for (long start = Windows.lastStart(value.windowStartMillis(), hopMillis);
        start >= firstStart;
        start -= hopMillis) {
      if (start + windowMillis + graceMillis + retentionMillis <= fleetTime) {
        continue;
      }
      kept = true;
      String key = key(feature, start);
      DriftSample sample = samples.get(key);
      samples.put(key, (sample == null ? DriftSample.empty() : sample).add(value));
      DriftWindowStatus was = status.get(key);
      if (was == null) {
        status.put(key, DriftWindowStatus.OPEN);
      } else if (was.published() && !was.revised()) {
        status.put(key, was.markRevised());
      }
    }
    if (!kept) {
      context.forward(
          new Record<>(
              feature, (Output) new Output.Late(feature, value, fleetTime), record.timestamp()));
    }
    closeAndForget(feature, fleetTime);
  }

  /** Moves a pump's own time on; the fleet's time can change only when a pump passes it. */
  private void advance(String pump, long windowStartMillis) {
    Long was = times.get(pump);
    if (was != null && was >= windowStartMillis) {
      return;
    }
    times.put(pump, windowStartMillis);
    pumpTimes.put(pump, windowStartMillis);
    if (was == null || was <= fleetTime) {
      // Not held monotonic: should the first pump seen be one far ahead, the fleet's time falls
      // back to the fleet as soon as its pumps arrive. Windows already published stay published.
      fleetTime = median();
    }
  }

  /**
   * The lower median of the pump times, leaving out (and forgetting) pumps more than the retention
   * behind the 90th percentile: a few pumps far ahead do not make the rest look gone.
   */
  private long median() {
    if (times.isEmpty()) {
      return Long.MIN_VALUE;
    }
    long[] all = times.values().stream().mapToLong(Long::longValue).sorted().toArray();
    long high = all[(int) ((all.length - 1) * 0.9)];
    java.util.List<String> gone =
        times.entrySet().stream()
            .filter(e -> e.getValue() <= high - retentionMillis)
            .map(java.util.Map.Entry::getKey)
            .toList();
    gone.forEach(
        pump -> {
          times.remove(pump);
          pumpTimes.delete(pump);
        });
    long[] current = java.util.Arrays.stream(all).filter(t -> t > high - retentionMillis).toArray();
    return current[(current.length - 1) / 2];
  }

  /**
   * Publishes the windows of this feature that the fleet's time has closed; forgets those past
   * retention.
   */
  private void closeAndForget(String feature, long fleetTime) {
    if (fleetTime == Long.MIN_VALUE) {
      return;
    }
    long lastClosedStart = fleetTime - windowMillis - graceMillis;
    if (lastClosedStart < 0) {
      return;
    }
    java.util.List<KeyValue<String, DriftWindowStatus>> closed = new java.util.ArrayList<>();
    try (KeyValueIterator<String, DriftWindowStatus> it =
        status.range(key(feature, 0), key(feature, lastClosedStart))) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, DriftWindowStatus> window : closed) {
      long start = startOf(window.key);
      if (start + windowMillis + graceMillis + retentionMillis <= fleetTime) {
        samples.delete(window.key);
        status.delete(window.key);
      } else if (!window.value.published()) {
        publish(feature, start, window.key, 0);
        status.put(window.key, DriftWindowStatus.published(0));
      }
    }
  }

  private void publishRevisions() {
    java.util.List<KeyValue<String, DriftWindowStatus>> revised = new java.util.ArrayList<>();
    try (KeyValueIterator<String, DriftWindowStatus> it = status.all()) {
      it.forEachRemaining(
          w -> {
            if (w.value.published() && w.value.revised()) {
              revised.add(w);
            }
          });
    }
    for (KeyValue<String, DriftWindowStatus> window : revised) {
      int revision = window.value.revision() + 1;
      publish(featureOf(window.key), startOf(window.key), window.key, revision);
      status.put(window.key, DriftWindowStatus.published(revision));
    }
  }

  private void publish(String feature, long start, String key, int revision) {
    DriftSample sample = samples.get(key);
    if (sample != null) {
      context.forward(
          new Record<>(
              feature,
              (Output) new Output.Window(feature, start, start + windowMillis, sample, revision),
              start + windowMillis));
    }
  }

  /**
   * Feature, then the window start zero-padded, so a range of keys is a feature's windows in time
   * order.
   */
  static String key(String feature, long startMillis) {
    return feature + "|" + String.format("%013d", startMillis);
  }

  private static long startOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
  }

  private static String featureOf(String key) {
    return key.substring(0, key.lastIndexOf('|'));
  }
}
