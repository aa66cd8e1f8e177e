package io.pumpops.bench.drift;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.features.drift.Adwin;
import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.PageHinkley;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.featurestream.DriftStatsRecords;
import io.pumpops.simulator.SkabRecording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The drift statistics and detectors of {@link DriftBench} on SKAB's real changes: in each labelled
 * recording (one reading a second), the reference is the anomaly-free beginning (400 readings, as
 * in {@code pumpops evaluate}), and the change to find is the onset of the labelled fault, SKAB's
 * first changepoint. A SKAB recording lasts about 19 minutes, far shorter than the production drift
 * windows (hours of one-minute features), so the statistics run here on the raw channels, on
 * sliding windows of {@code window} readings every {@code hop}: the same code and thresholds on
 * another time scale.
 *
 * <ul>
 *   <li>Delay: readings from the onset to the end of the first alarming window (or the reading a
 *       sequential detector fires on); detected only if that is before the fault ends.
 *   <li>False alarms: alarms in windows that end before the onset, and anywhere in the recordings
 *       without labels (SKAB's anomaly-free run), per 10,000 windows (or readings, for the
 *       sequential detectors).
 * </ul>
 */
final class SkabChangepoints {

  static final int REFERENCE_ROWS = 400;
  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  /** One detector's figures over every recording. */
  record Result(
      int recordings, int detected, List<Integer> delays, long falseAlarms, long chances) {
    double falseAlarmsPer10k() {
      return chances == 0 ? Double.NaN : 10_000.0 * falseAlarms / chances;
    }

    double medianDelay() {
      if (delays.isEmpty()) {
        return Double.NaN;
      }
      List<Integer> sorted = delays.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
  }

  private final int window;
  private final int hop;

  SkabChangepoints(int window, int hop) {
    this.window = window;
    this.hop = hop;
  }

  /** Every detector of {@link DriftBench#DETECTORS} over the recordings. */
  Map<String, Result> run(List<SkabRecording> recordings) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    DriftBench.DETECTORS.forEach(d -> tallies.put(d, new Tally()));
    for (SkabRecording recording : recordings) {
      if (recording.rows().size() < REFERENCE_ROWS + window) {
        continue;
      }
      int onset = onset(recording);
      int end = faultEnd(recording);
      alarms(recording)
          .forEach((detector, alarms) -> tallies.get(detector).add(alarms, onset, end));
    }
    Map<String, Result> results = new LinkedHashMap<>();
    tallies.forEach((d, t) -> results.put(d, t.result()));
    return results;
  }

  /**
   * Each detector's alarm positions (reading indexes) in one recording, and its chances before the
   * onset.
   */
  private Map<String, Alarms> alarms(SkabRecording recording) {
    List<String> channels = List.copyOf(new TreeSet<>(SkabRecording.COLUMNS.values()));
    int n = recording.rows().size();
    double[][] values = new double[channels.size()][n];
    for (int i = 0; i < n; i++) {
      Map<String, Double> row = recording.rows().get(i).channels();
      for (int c = 0; c < channels.size(); c++) {
        values[c][i] = row.getOrDefault(channels.get(c), Double.NaN);
      }
    }
    List<double[]> referenceRows = new ArrayList<>();
    for (int i = 0; i < REFERENCE_ROWS; i++) {
      double[] row = new double[channels.size()];
      for (int c = 0; c < channels.size(); c++) {
        row[c] = values[c][i];
      }
      referenceRows.add(row);
    }
    ReferenceProfile profile = ReferenceProfile.of("skab", channels, referenceRows);
    int onset = onset(recording);

    Map<String, Predicate<DriftStatistics>> statistics = DriftBench.WINDOW_STATISTICS;
    Map<String, Alarms> alarms = new LinkedHashMap<>();
    statistics.keySet().forEach(k -> alarms.put(k, new Alarms()));
    alarms.put("policy", new Alarms());
    DriftPolicy policy = new DriftPolicy(DriftPolicy.Settings.defaults());
    for (int start = REFERENCE_ROWS; start + window <= n; start += hop) {
      int last = start + window;
      boolean beforeOnset = last <= onset;
      Map<String, Integer> crossing = new LinkedHashMap<>();
      for (int c = 0; c < channels.size(); c++) {
        double[] current = Arrays.copyOfRange(values[c], start, last);
        FeatureProfile reference = profile.features().get(channels.get(c));
        DriftStatistics stats = DriftStatistics.of(reference, current);
        statistics.forEach(
            (name, crosses) -> crossing.merge(name, crosses.test(stats) ? 1 : 0, Integer::sum));
        if (policy
            .observe(
                DriftStatsRecords.of(
                    "skab",
                    1,
                    "skab",
                    channels.get(c),
                    null,
                    T0.plusSeconds(start),
                    T0.plusSeconds(last),
                    stats,
                    reference,
                    List.of()))
            .isPresent()) {
          alarms.get("policy").alarmAt(last);
        }
      }
      for (String name : statistics.keySet()) {
        if (crossing.get(name) >= 2) {
          alarms.get(name).alarmAt(last);
        }
      }
      if (beforeOnset) {
        alarms.values().forEach(Alarms::chance);
      }
    }
    alarms.put("pageHinkley", sequential(values, profile, channels, onset, true));
    alarms.put("adwin", sequential(values, profile, channels, onset, false));
    Map<String, Alarms> ordered = new LinkedHashMap<>();
    DriftBench.DETECTORS.forEach(d -> ordered.put(d, alarms.get(d)));
    return ordered;
  }

  /**
   * Page-Hinkley or ADWIN per channel on its readings standardised by the reference; an alarm when
   * any fires.
   */
  private static Alarms sequential(
      double[][] values,
      ReferenceProfile profile,
      List<String> channels,
      int onset,
      boolean pageHinkley) {
    List<PageHinkley> ph = new ArrayList<>();
    List<Adwin> adwin = new ArrayList<>();
    channels.forEach(
        c -> {
          ph.add(PageHinkley.defaults());
          adwin.add(Adwin.defaults());
        });
    Alarms alarms = new Alarms();
    for (int i = REFERENCE_ROWS; i < values[0].length; i++) {
      boolean fired = false;
      for (int c = 0; c < channels.size(); c++) {
        FeatureProfile reference = profile.features().get(channels.get(c));
        double x = values[c][i];
        if (!Double.isFinite(x)) {
          continue;
        }
        double z = reference.std() > 0 ? (x - reference.mean()) / reference.std() : 0;
        fired |= pageHinkley ? ph.get(c).add(z) != PageHinkley.Change.NONE : adwin.get(c).add(z);
      }
      if (fired) {
        alarms.alarmAt(i + 1);
      }
      if (i < onset) {
        alarms.chance();
      }
    }
    return alarms;
  }

  /**
   * The first labelled fault reading; the end of the recording when it has none (the anomaly-free
   * run).
   */
  private static int onset(SkabRecording recording) {
    List<SkabRecording.Row> rows = recording.rows();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).anomaly()) {
        return i;
      }
    }
    return rows.size();
  }

  /** Where the first labelled fault ends. */
  private static int faultEnd(SkabRecording recording) {
    List<SkabRecording.Row> rows = recording.rows();
    int i = onset(recording);
    while (i < rows.size() && rows.get(i).anomaly()) {
      i++;
    }
    return i;
  }

  /**
   * Alarm positions (the reading after the last one the alarm saw) and false-alarm chances in one
   * recording.
   */
  private static final class Alarms {
    private final List<Integer> at = new ArrayList<>();
    private long chances;

    void alarmAt(int position) {
      at.add(position);
    }

    void chance() {
      chances++;
    }
  }

  private static final class Tally {
    private int recordings;
    private int detected;
    private final List<Integer> delays = new ArrayList<>();
    private long falseAlarms;
    private long chances;

    void add(Alarms alarms, int onset, int faultEnd) {
      chances += alarms.chances;
      falseAlarms += alarms.at.stream().filter(p -> p <= onset).count();
      if (onset >= faultEnd) {
        return;
      }
      recordings++;
      alarms.at.stream()
          .filter(p -> p > onset)
          .findFirst()
          .ifPresent(
              p -> {
                if (p <= faultEnd) {
                  detected++;
                  delays.add(p - onset);
                }
              });
    }

    Result result() {
      return new Result(recordings, detected, List.copyOf(delays), falseAlarms, chances);
    }
  }
}
