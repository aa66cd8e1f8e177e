package io.pumpops.bench.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.features.FeatureSpec;
import io.pumpops.featurestream.DriftStatsRecords;
import io.pumpops.features.drift.Adwin;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.DriftThresholds;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.PageHinkley;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.localstack.simulator.Scenario;
import io.pumpops.localstack.simulator.SimulatedReading;
import io.pumpops.localstack.simulator.SkabRecording;
import io.pumpops.localstack.simulator.SyntheticPump;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench drift}: how soon each drift statistic and detector of the features library
 * notices a drift of the synthetic fleet, and how often it raises one on a fleet that does not
 * change. The reference is the first {@code --reference} of healthy data, as a champion's profile
 * would be; everything is computed on the FeatureSpec's one-minute windows, pooled over the fleet,
 * as feature-stream does.
 *
 * <ul>
 *   <li>Window statistics (PSI, KS p-value, Wasserstein, Jensen-Shannon): a drift window of
 *       {@code DriftMonitoring}'s length and hop alarms when at least two monitored features cross
 *       the statistic's default threshold (drift-service's policy adds persistence on top).
 *   <li>Sequential detectors (Page-Hinkley, ADWIN) with their defaults, on each monitored feature's
 *       fleet mean per minute, standardised by the reference: an alarm when any feature's fires.
 *   <li>{@code policy}: what the loop acts on, drift-service's {@link DriftPolicy} with its defaults
 *       (PSI over at least two features for three windows in a row, cool-down) on the same windows.
 * </ul>
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = "Detection delay and false alarms per 10,000 windows of each drift statistic and detector on the "
        + "synthetic fleet's drifts, and with --skab on SKAB's labelled fault onsets.")
public final class DriftBench implements Callable<Integer> {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Scenario.Kind> DRIFTS = List.of(Scenario.Kind.SENSOR_OFFSET,
      Scenario.Kind.SLOW_DEGRADATION, Scenario.Kind.SEASONAL_TEMPERATURE);
  /** Each window statistic and when it crosses its default threshold (DriftThresholds.DEFAULTS), in report order. */
  static final Map<String, Predicate<DriftStatistics>> WINDOW_STATISTICS = windowStatistics();
  static final List<String> DETECTORS = List.of("psi", "ks", "wasserstein", "jensenShannon", "pageHinkley",
      "adwin", "policy");

  @Option(names = "--pumps", defaultValue = "10", description = "synthetic pumps (default ${DEFAULT-VALUE})")
  int pumps;

  @Option(names = "--interval", defaultValue = "PT1S", description = "time between a pump's readings (default ${DEFAULT-VALUE})")
  Duration interval;

  @Option(names = "--reference", defaultValue = "PT6H", description = "healthy data the reference is built from (default ${DEFAULT-VALUE})")
  Duration reference;

  @Option(names = "--after", defaultValue = "PT6H", description = "data after the drift onset to look for it in (default ${DEFAULT-VALUE})")
  Duration after;

  @Option(names = "--quiet-hours", defaultValue = "120", description = "hours of no-change data for false alarms (default ${DEFAULT-VALUE})")
  int quietHours;

  @Option(names = "--skab", paramLabel = "DIR", description = "also measure on the SKAB recordings in DIR (their "
      + "labelled fault onsets; the anomaly-free run for false alarms), e.g. ../shared/data/skab")
  Path skab;

  @Option(names = "--skab-window", defaultValue = "120", description = "readings in a drift window on SKAB (default ${DEFAULT-VALUE})")
  int skabWindow;

  @Option(names = "--skab-hop", defaultValue = "20", description = "readings between SKAB drift windows (default ${DEFAULT-VALUE})")
  int skabHop;

  @Mixin
  ResultsFolder results;

  /** Per-minute fleet rows of one simulated run. */
  private record Run(List<Instant> minutes, List<List<double[]>> rowsByMinute) {
  }

  /** One detector's verdict on a run: alarm times, and how many chances it had. */
  private record Alarms(List<Instant> times, long chances) {
  }

  @Override
  public Integer call() throws Exception {
    BenchReport report = results.report();
    PrintStream console = report.out();
    DriftMonitoring monitoring = DriftMonitoring.defaults(SPEC);
    ObjectNode json = report.start("drift", "pumpops bench drift --pumps " + pumps + " --interval " + interval + " --reference " + reference
        + " --after " + after + " --quiet-hours " + quietHours
        + (skab == null ? "" : " --skab " + skab + " --skab-window " + skabWindow + " --skab-hop " + skabHop));
    json.put("driftWindow", monitoring.window().toString());
    json.put("driftHop", monitoring.hop().toString());
    json.put("monitoredFeatures", monitoring.features().size());

    console.printf("no-change fleet: %d pumps, a reading every %d s, %d h after a %s reference ...%n", pumps,
        interval.toSeconds(), quietHours, reference);
    Duration quiet = Duration.ofHours(quietHours);
    Run healthy = simulate(Optional.empty(), reference.plus(quiet));
    ReferenceProfile profile = profile(healthy);
    Map<String, Alarms> falseAlarms = detect(healthy, profile, monitoring, T0.plus(reference));
    Map<String, Double> perTenThousand = new LinkedHashMap<>();
    falseAlarms.forEach((d, a) -> perTenThousand.put(d, 10_000.0 * a.times().size() / Math.max(1, a.chances())));

    Map<Scenario.Kind, Map<String, Duration>> delays = new LinkedHashMap<>();
    for (Scenario.Kind kind : DRIFTS) {
      console.printf("%s at %s ...%n", kind, reference);
      Run drifted = simulate(Optional.of(kind), reference.plus(after));
      Instant onset = T0.plus(reference);
      Map<String, Duration> byDetector = new LinkedHashMap<>();
      // Drift windows straddle the onset as they do live: the first ends one hop after it.
      Instant firstWindow = onset.minus(monitoring.window()).plus(monitoring.hop());
      detect(drifted, profile, monitoring, firstWindow).forEach((d, a) -> byDetector.put(d, a.times().stream()
          .filter(t -> t.isAfter(onset)).findFirst().map(t -> Duration.between(onset, t)).orElse(null)));
      delays.put(kind, byDetector);
    }

    console.printf("%n%-14s %18s", "detector", "false alarms/10k");
    DRIFTS.forEach(k -> console.printf(" %22s", k + " delay"));
    console.println();
    ObjectNode detectors = json.putObject("detectors");
    for (String detector : DETECTORS) {
      Alarms quietAlarms = falseAlarms.get(detector);
      console.printf("%-14s %8.1f (%d of %d)", detector, perTenThousand.get(detector), quietAlarms.times().size(),
          quietAlarms.chances());
      ObjectNode node = detectors.putObject(detector);
      node.put("falseAlarmsPer10k", perTenThousand.get(detector));
      node.put("falseAlarms", quietAlarms.times().size());
      node.put("windowsOrValues", quietAlarms.chances());
      ObjectNode delayNode = node.putObject("delayMinutes");
      for (Scenario.Kind kind : DRIFTS) {
        Duration delay = delays.get(kind).get(detector);
        console.printf(" %22s", delay == null ? "missed in " + after.toHours() + " h" : describe(delay));
        if (delay == null) {
          delayNode.putNull(kind.name());
        } else {
          delayNode.put(kind.name(), delay.toMinutes());
        }
      }
      console.println();
    }
    console.printf("(delay: from the onset to the end of the first alarming window, or the minute a sequential "
        + "detector fired; readings after the change = delay / %d s x %d pumps)%n", interval.toSeconds(), pumps);
    Map<String, double[]> series = new LinkedHashMap<>();
    for (Scenario.Kind kind : DRIFTS) {
      series.put(kind + " delay (min)", DETECTORS.stream().mapToDouble(d -> {
        Duration delay = delays.get(kind).get(d);
        return delay == null ? Double.NaN : delay.toMinutes();
      }).toArray());
    }
    if (skab != null) {
      Map<String, SkabChangepoints.Result> onSkab = skab(console, json);
      // SKAB records a reading a second: a delay in readings / 60 is minutes.
      series.put("SKAB valve faults, median delay (min)", DETECTORS.stream()
          .mapToDouble(d -> onSkab.get(d).medianDelay() / 60.0).toArray());
    }
    report.finish("drift", json, new BarChart("Drift detection delay" + (skab == null ? " on the synthetic fleet" : "") + " (minutes, lower is better; "
        + "no bar: missed)", "minutes", DETECTORS, series));
    return 0;
  }

  private Map<String, SkabChangepoints.Result> skab(PrintStream console, ObjectNode json) {
    List<SkabRecording> recordings = SkabRecording.loadAll(skab);
    console.printf("%nSKAB: %d recordings in %s; reference: the first %d readings of each; drift windows of %d "
        + "readings every %d on the raw channels%n", recordings.size(), skab, SkabChangepoints.REFERENCE_ROWS, skabWindow,
        skabHop);
    Map<String, SkabChangepoints.Result> results = new SkabChangepoints(skabWindow, skabHop).run(recordings);
    console.printf("%-14s %24s %12s %26s%n", "detector", "false alarms/10k", "detected", "delay (readings) median/mean");
    ObjectNode node = json.putObject("skab");
    node.put("folder", skab.toString());
    node.put("recordings", recordings.size());
    node.put("window", skabWindow);
    node.put("hop", skabHop);
    ObjectNode detectors = node.putObject("detectors");
    results.forEach((detector, r) -> {
      double mean = r.delays().stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
      console.printf("%-14s %10.1f (%4d of %5d) %7d of %-3d %14.0f / %.0f%n", detector, r.falseAlarmsPer10k(),
          r.falseAlarms(), r.chances(), r.detected(), r.recordings(), r.medianDelay(), mean);
      detectors.putObject(detector).put("falseAlarmsPer10k", r.falseAlarmsPer10k()).put("falseAlarms", r.falseAlarms())
          .put("windowsOrValues", r.chances()).put("detected", r.detected()).put("faults", r.recordings())
          .put("medianDelayReadings", r.medianDelay()).put("meanDelayReadings", mean);
    });
    console.printf("(delay: readings, one a second, from the labelled fault onset to the end of the first alarming "
        + "window or the reading a sequential detector fired on; detected only before the fault ends)%n");
    return results;
  }

  private static Map<String, Predicate<DriftStatistics>> windowStatistics() {
    DriftThresholds t = DriftThresholds.DEFAULTS;
    Map<String, Predicate<DriftStatistics>> statistics = new LinkedHashMap<>();
    statistics.put("psi", s -> s.psi() >= t.psi());
    statistics.put("ks", s -> s.ksPValue() < t.ksPValue());
    statistics.put("wasserstein", s -> s.wasserstein() >= t.wasserstein());
    statistics.put("jensenShannon", s -> s.jensenShannon() >= t.jensenShannon());
    return java.util.Collections.unmodifiableMap(statistics);
  }

  private Run simulate(Optional<Scenario.Kind> drift, Duration length) {
    PumpWindows windows = new PumpWindows(SPEC);
    Instant end = T0.plus(length);
    for (int p = 1; p <= pumps; p++) {
      List<Scenario> scenarios = drift.map(k -> List.of(Scenario.of(Scenario.EVERY_PUMP, k, reference))).orElse(List.of());
      SyntheticPump pump = new SyntheticPump("bench", "bench-pump-" + p, T0, interval, scenarios, p,
          Optional.of(end));
      while (pump.nextTime().isPresent()) {
        SimulatedReading reading = pump.next();
        windows.add(reading.pumpId(), reading.seq(), reading.eventTime().toEpochMilli(), reading.channels());
      }
    }
    TreeMap<Long, List<double[]>> byMinute = new TreeMap<>();
    for (PumpWindows.Row row : windows.completeRows()) {
      byMinute.computeIfAbsent(row.windowStartMillis(), m -> new ArrayList<>()).add(row.features());
    }
    return new Run(byMinute.keySet().stream().map(Instant::ofEpochMilli).toList(), new ArrayList<>(byMinute.values()));
  }

  private ReferenceProfile profile(Run healthy) {
    Instant end = T0.plus(reference);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < healthy.minutes().size() && healthy.minutes().get(i).isBefore(end); i++) {
      rows.addAll(healthy.rowsByMinute().get(i));
    }
    return ReferenceProfile.of(SPEC.version(), SPEC.featureNames(), rows);
  }

  /** Every detector over the run: drift windows from {@code windowsFrom}, sequential detectors from the reference's end. */
  private Map<String, Alarms> detect(Run run, ReferenceProfile profile, DriftMonitoring monitoring, Instant windowsFrom) {
    Instant from = T0.plus(reference);
    List<String> names = SPEC.featureNames();
    Map<String, Alarms> alarms = new LinkedHashMap<>();
    Map<String, Predicate<DriftStatistics>> statistics = WINDOW_STATISTICS;
    Map<String, List<Instant>> windowAlarms = new LinkedHashMap<>();
    statistics.keySet().forEach(k -> windowAlarms.put(k, new ArrayList<>()));
    DriftPolicy policy = new DriftPolicy(DriftPolicy.Settings.defaults());
    List<Instant> policyAlarms = new ArrayList<>();
    long windows = 0;
    Instant last = run.minutes().get(run.minutes().size() - 1);
    for (Instant start = windowsFrom; !start.plus(monitoring.window()).isAfter(last);
         start = start.plus(monitoring.hop())) {
      Instant end = start.plus(monitoring.window());
      List<double[]> rows = rowsBetween(run, start, end);
      windows++;
      Map<String, Integer> crossing = new LinkedHashMap<>();
      for (String feature : monitoring.features()) {
        int column = names.indexOf(feature);
        double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
        FeatureProfile reference = profile.features().get(feature);
        DriftStatistics stats = DriftStatistics.of(reference, values);
        statistics.forEach((name, crosses) -> crossing.merge(name, crosses.test(stats) ? 1 : 0, Integer::sum));
        policy.observe(DriftStatsRecords.of("bench-model", 1, SPEC.version(), feature, null, start, end, stats,
            reference.sampleSize(), List.of())).ifPresent(d -> policyAlarms.add(d.getWindowEnd()));
      }
      for (String name : statistics.keySet()) {
        if (crossing.get(name) >= 2) {
          windowAlarms.get(name).add(end);
        }
      }
    }
    for (String name : statistics.keySet()) {
      alarms.put(name, new Alarms(windowAlarms.get(name), windows));
    }
    alarms.put("pageHinkley", sequential(run, profile, monitoring, from, true));
    alarms.put("adwin", sequential(run, profile, monitoring, from, false));
    alarms.put("policy", new Alarms(policyAlarms, windows));
    return alarms;
  }

  /** Page-Hinkley or ADWIN per monitored feature on its standardised fleet mean per minute. */
  private static Alarms sequential(Run run, ReferenceProfile profile, DriftMonitoring monitoring, Instant from,
                                   boolean pageHinkley) {
    List<String> names = SPEC.featureNames();
    Map<String, PageHinkley> ph = new LinkedHashMap<>();
    Map<String, Adwin> adwin = new LinkedHashMap<>();
    monitoring.features().forEach(f -> {
      ph.put(f, PageHinkley.defaults());
      adwin.put(f, Adwin.defaults());
    });
    List<Instant> times = new ArrayList<>();
    long minutes = 0;
    for (int i = 0; i < run.minutes().size(); i++) {
      Instant minute = run.minutes().get(i);
      if (minute.isBefore(from)) {
        continue;
      }
      minutes++;
      boolean fired = false;
      for (String feature : monitoring.features()) {
        int column = names.indexOf(feature);
        FeatureProfile reference = profile.features().get(feature);
        double mean = run.rowsByMinute().get(i).stream().mapToDouble(r -> r[column]).filter(Double::isFinite)
            .average().orElse(Double.NaN);
        if (!Double.isFinite(mean)) {
          continue;
        }
        double z = reference.std() > 0 ? (mean - reference.mean()) / reference.std() : 0;
        fired |= pageHinkley ? ph.get(feature).add(z) != PageHinkley.Change.NONE : adwin.get(feature).add(z);
      }
      if (fired) {
        times.add(minute.plus(SPEC.window()));
      }
    }
    return new Alarms(times, minutes);
  }

  private static List<double[]> rowsBetween(Run run, Instant start, Instant end) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < run.minutes().size(); i++) {
      Instant minute = run.minutes().get(i);
      if (!minute.isBefore(start) && minute.isBefore(end)) {
        rows.addAll(run.rowsByMinute().get(i));
      }
    }
    return rows;
  }

  private static String describe(Duration delay) {
    return delay.toHours() > 0 ? delay.toHours() + " h " + delay.toMinutesPart() + " min" : delay.toMinutes() + " min";
  }
}
