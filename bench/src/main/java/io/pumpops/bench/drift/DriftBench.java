package io.pumpops.bench.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.drift.policy.DriftStatistic;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.Adwin;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.DriftThresholds;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.PageHinkley;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.drift.Relation;
import io.pumpops.features.drift.RelationProfile;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.featurestream.DriftStatsRecords;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SkabRecording;
import io.pumpops.simulator.SyntheticPump;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench drift}: how soon each drift statistic and detector of the features library
 * notices a drift of the synthetic fleet, and how often it raises one on fleets that do not change,
 * over many fleet seeds. The reference is each fleet's first {@code --reference} of healthy data,
 * as a champion's profile would be; everything is computed on the FeatureSpec's one-minute windows,
 * pooled over the fleet, as feature-stream does.
 *
 * <ul>
 *   <li>Window statistics (PSI, KS p-value, Wasserstein, Jensen-Shannon): a drift window of {@code
 *       DriftMonitoring}'s length and hop alarms when at least two monitored features cross the
 *       statistic's textbook threshold (drift-service's policy adds persistence on top).
 *   <li>Sequential detectors (Page-Hinkley, ADWIN) with their defaults, on each monitored feature's
 *       fleet mean per minute, standardised by the reference: an alarm when any feature's fires.
 *   <li>{@code policy}: drift-service's {@link DriftPolicy} as it was before limits were calibrated
 *       (PSI ≥ 0.2 for every feature, three windows in a row, two features); {@code calibrated}:
 *       its defaults today against a profile calibrated as training-service does ({@link
 *       DriftCalibration}); {@code psi×m} and {@code wasserstein×m}: the defaults watching one
 *       statistic against limits calibrated with margin m, without a lone feature counting ({@code
 *       /3}: three windows); {@code solo×r}: the defaults with a lone feature counting at r times
 *       its limit.
 * </ul>
 *
 * Each drift kind of the simulator is injected for every pump at the end of the reference, at
 * several multiples of its default magnitude (the demo's), in a run of its own per seed. The margin
 * was chosen on fleets 101-120 ({@code --first-seed 101}); figures are reported on fleets 1-20,
 * which took no part in the choice.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description =
        "False drifts per fleet-day over many fleet seeds and detection delay per drift kind and magnitude, "
            + "for each drift statistic and detector; with --skab also on SKAB's labelled fault onsets.")
public final class DriftBench implements Callable<Integer> {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Scenario.Kind> DRIFTS =
      List.of(
          Scenario.Kind.SENSOR_OFFSET,
          Scenario.Kind.SLOW_DEGRADATION,
          Scenario.Kind.SEASONAL_TEMPERATURE);

  /**
   * Each window statistic and when it crosses its default threshold (DriftThresholds.DEFAULTS), in
   * report order.
   */
  static final Map<String, Predicate<DriftStatistics>> WINDOW_STATISTICS = windowStatistics();

  /** Detectors of the SKAB part (which has no calibrated profile). */
  static final List<String> DETECTORS =
      List.of("psi", "ks", "wasserstein", "jensenShannon", "pageHinkley", "adwin", "policy");

  static final String CALIBRATED = "calibrated";

  /**
   * drift-service's policy before limits were calibrated: PSI >= 0.2 for every feature, three
   * windows, two features.
   */
  static final DriftPolicy.Settings BEFORE_LIMITS =
      new DriftPolicy.Settings(
          Map.of(DriftStatistic.PSI, 0.2), 3, 2, 0.8, 2, Duration.ofHours(6), 100);

  @Option(names = "--seeds", defaultValue = "20", description = "fleets (default ${DEFAULT-VALUE})")
  int seeds;

  @Option(
      names = "--first-seed",
      defaultValue = "1",
      description =
          "seed of the first fleet (default ${DEFAULT-VALUE};"
              + " the margin is chosen on fleets 101-120, figures reported on fleets 1-20)")
  int firstSeed;

  @Option(
      names = "--pumps",
      defaultValue = "10",
      description = "synthetic pumps per fleet (default ${DEFAULT-VALUE})")
  int pumps;

  @Option(
      names = "--interval",
      defaultValue = "PT1S",
      description = "time between a pump's readings (default ${DEFAULT-VALUE})")
  Duration interval;

  @Option(
      names = "--reference",
      defaultValue = "PT6H",
      description =
          "healthy data the reference is built from "
              + "(default ${DEFAULT-VALUE}, training-service's lookback)")
  Duration reference;

  @Option(
      names = "--after",
      defaultValue = "PT3H",
      description = "data after the drift onset to look for it in (default ${DEFAULT-VALUE})")
  Duration after;

  @Option(
      names = "--quiet-hours",
      defaultValue = "72",
      description = "hours of no-change data per fleet for false drifts (default ${DEFAULT-VALUE})")
  int quietHours;

  @Option(
      names = "--magnitudes",
      defaultValue = "0.5,1,2",
      split = ",",
      description =
          "drift magnitudes as "
              + "multiples of each kind's default, the demo's (default ${DEFAULT-VALUE})")
  List<Double> magnitudes;

  @Option(
      names = "--margins",
      defaultValue = "2,3,4",
      split = ",",
      description =
          "calibration margins to compare "
              + "(default ${DEFAULT-VALUE}); training-service's is "
              + DriftCalibration.DEFAULT_MARGIN)
  List<Double> margins;

  @Option(
      names = "--peak",
      defaultValue = "LARGEST",
      description =
          "which healthy block value the compared margins multiply: LARGEST or SECOND_EXCURSION"
              + " (the largest clear of the largest block's excursion); default ${DEFAULT-VALUE}")
  DriftCalibration.Peak peak;

  @Option(
      names = "--solo-ratios",
      defaultValue = "1.5,2,3",
      split = ",",
      description =
          "for the calibrated policy: how "
              + "far past its limit one feature must be to make a drift alone (default ${DEFAULT-VALUE}); drift-service's is "
              + "its solo-ratio")
  List<Double> soloRatios;

  @Option(
      names = "--relations",
      defaultValue = "default",
      split = ",",
      description =
          "features judged given another, target|given (default: the monitoring's, "
              + "pressure.mean|flowRate.mean); none for none")
  List<String> relations;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "fleets simulated at once (default: one per core)")
  int threads;

  @Option(
      names = "--skab",
      paramLabel = "DIR",
      description =
          "also measure on the SKAB recordings in DIR (their "
              + "labelled fault onsets; the anomaly-free run for false alarms), e.g. ../shared/data/skab")
  Path skab;

  @Option(
      names = "--skab-window",
      defaultValue = "120",
      description = "readings in a drift window on SKAB (default ${DEFAULT-VALUE})")
  int skabWindow;

  @Option(
      names = "--skab-hop",
      defaultValue = "20",
      description = "readings between SKAB drift windows (default ${DEFAULT-VALUE})")
  int skabHop;

  @Mixin ResultsFolder results;

  /** Per-minute fleet rows of one simulated run. */
  private record Run(List<Instant> minutes, List<List<double[]>> rowsByMinute) {}

  /** One detector's verdict on a run: alarm times, and how many chances it had. */
  private record Alarms(List<Instant> times, long chances) {}

  /** A drift to inject: its kind and multiple of the default magnitude. */
  private record Drift(Scenario.Kind kind, double multiple) {
    Scenario scenario(Duration at) {
      Scenario defaults = Scenario.of(Scenario.EVERY_PUMP, kind, at);
      return new Scenario(
          Scenario.EVERY_PUMP, kind, at, defaults.magnitude() * multiple, defaults.ramp());
    }

    String label() {
      return kind + " x" + multiple;
    }
  }

  /**
   * What one fleet seed gave: false drifts per detector on the quiet run, delay per drift and
   * detector.
   */
  private record SeedResult(
      int seed, Map<String, Alarms> quiet, Map<Drift, Map<String, Duration>> delays) {}

  @Override
  public Integer call() throws Exception {
    if (seeds < 1
        || pumps < 1
        || quietHours < 1
        || magnitudes.isEmpty()
        || margins.stream().anyMatch(m -> !(m >= 1))) {
      throw new IllegalArgumentException(
          "--seeds, --pumps and --quiet-hours must be positive, margins at least 1");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    DriftMonitoring monitoring =
        relations.equals(List.of("default"))
            ? DriftMonitoring.defaults(SPEC)
            : DriftMonitoring.defaults(SPEC)
                .withRelations(
                    relations.equals(List.of("none"))
                        ? List.of()
                        : relations.stream().map(Relation::parse).toList());
    ObjectNode json =
        report.start(
            "drift",
            "pumpops bench drift --seeds "
                + seeds
                + " --first-seed "
                + firstSeed
                + " --pumps "
                + pumps
                + " --interval "
                + interval
                + " --reference "
                + reference
                + " --after "
                + after
                + " --quiet-hours "
                + quietHours
                + " --magnitudes "
                + join(magnitudes)
                + " --margins "
                + join(margins)
                + " --relations "
                + (monitoring.relations().isEmpty()
                    ? "none"
                    : String.join(
                        ",", monitoring.relations().stream().map(Relation::name).toList()))
                + (skab == null
                    ? ""
                    : " --skab "
                        + skab
                        + " --skab-window "
                        + skabWindow
                        + " --skab-hop "
                        + skabHop));
    json.put("driftWindow", monitoring.window().toString());
    json.put("driftHop", monitoring.hop().toString());
    json.put("monitoredFeatures", monitoring.features().size());
    json.put("calibrationMargin", DriftCalibration.DEFAULT_MARGIN);
    List<String> detectors = detectors();
    List<Drift> drifts = new ArrayList<>();
    DRIFTS.forEach(k -> magnitudes.forEach(m -> drifts.add(new Drift(k, m))));

    console.printf(
        "%d fleets (seeds %d-%d) of %d pumps, a reading every %d s: %s reference, then %d h without "
            + "change, and each of %d drifts (%s x %s of the default magnitude) for %s after the reference ...%n",
        seeds,
        firstSeed,
        firstSeed + seeds - 1,
        pumps,
        interval.toSeconds(),
        reference,
        quietHours,
        drifts.size(),
        DRIFTS,
        join(magnitudes),
        after);
    int parallel = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<SeedResult> perSeed = new ArrayList<>();
    try {
      List<Future<SeedResult>> futures = new ArrayList<>();
      for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
        int fleet = seed;
        futures.add(pool.submit(() -> runSeed(fleet, monitoring, drifts)));
      }
      for (Future<SeedResult> future : futures) {
        SeedResult result = future.get();
        perSeed.add(result);
        console.printf(
            "  seed %-4d false drifts: policy %d, calibrated %d%n",
            result.seed(),
            result.quiet().get("policy").times().size(),
            result.quiet().get(CALIBRATED).times().size());
      }
    } finally {
      pool.shutdownNow();
    }

    double fleetDays = seeds * quietHours / 24.0;
    console.printf(
        "%nfalse drifts on %.0f fleet-days without change (%d fleets x %d h):%n",
        fleetDays, seeds, quietHours);
    console.printf(
        "%-14s %12s %16s %14s %20s%n",
        "detector", "alarms", "per fleet-day", "per 10k chances", "fleets with any");
    ObjectNode detectorsNode = json.putObject("detectors");
    for (String detector : detectors) {
      long alarms = perSeed.stream().mapToLong(r -> r.quiet().get(detector).times().size()).sum();
      long chances = perSeed.stream().mapToLong(r -> r.quiet().get(detector).chances()).sum();
      long fleetsWithAny =
          perSeed.stream().filter(r -> !r.quiet().get(detector).times().isEmpty()).count();
      console.printf(
          "%-14s %12d %16.3f %14.1f %14d of %d%n",
          detector,
          alarms,
          alarms / fleetDays,
          10_000.0 * alarms / Math.max(1, chances),
          fleetsWithAny,
          seeds);
      ObjectNode node = detectorsNode.putObject(detector);
      node.put("falseAlarms", alarms);
      node.put("falseAlarmsPerFleetDay", alarms / fleetDays);
      node.put("falseAlarmsPer10k", 10_000.0 * alarms / Math.max(1, chances));
      node.put("windowsOrValues", chances);
      ArrayNode bySeed = node.putArray("falseAlarmsBySeed");
      perSeed.forEach(r -> bySeed.add(r.quiet().get(detector).times().size()));
    }

    console.printf(
        "%ndetection delay from the onset, per drift (kind x multiple of its default magnitude): "
            + "fleets detected within %s, median / worst delay among them%n",
        after);
    console.printf("%-34s", "drift");
    List<String> shown = List.of("policy", CALIBRATED, "pageHinkley", "psi");
    shown.forEach(d -> console.printf(" %26s", d));
    console.println();
    ObjectNode delaysNode = json.putObject("delays");
    for (Drift drift : drifts) {
      console.printf("%-34s", drift.label());
      ObjectNode driftNode = delaysNode.putObject(drift.label());
      driftNode.put("kind", drift.kind().name());
      driftNode.put("multiple", drift.multiple());
      driftNode.put("magnitude", drift.scenario(reference).magnitude());
      Map<String, String> cells = new LinkedHashMap<>();
      for (String detector : detectors) {
        List<Duration> found =
            perSeed.stream()
                .map(r -> r.delays().get(drift).get(detector))
                .filter(d -> d != null)
                .sorted()
                .toList();
        ObjectNode node = driftNode.putObject(detector);
        node.put("detected", found.size());
        node.put("fleets", seeds);
        ArrayNode bySeed = node.putArray("delayMinutesBySeed");
        perSeed.forEach(
            r -> {
              Duration d = r.delays().get(drift).get(detector);
              if (d == null) {
                bySeed.addNull();
              } else {
                bySeed.add(d.toMinutes());
              }
            });
        if (!found.isEmpty()) {
          node.put("medianMinutes", found.get(found.size() / 2).toMinutes());
          node.put("worstMinutes", found.get(found.size() - 1).toMinutes());
        }
        if (shown.contains(detector)) {
          cells.put(
              detector,
              found.isEmpty()
                  ? "0 of " + seeds
                  : found.size()
                      + " of "
                      + seeds
                      + ", "
                      + describe(found.get(found.size() / 2))
                      + " / "
                      + describe(found.get(found.size() - 1)));
        }
      }
      shown.forEach(d -> console.printf(" %26s", cells.get(d)));
      console.println();
    }
    console.printf(
        "(delay: from the onset to the end of the first alarming window, or the minute a sequential "
            + "detector fired; all detectors and margins are in the JSON)%n");

    Map<String, double[]> series = new LinkedHashMap<>();
    for (Scenario.Kind kind : DRIFTS) {
      Drift demo = new Drift(kind, 1.0);
      if (!drifts.contains(demo)) {
        continue;
      }
      series.put(
          kind + " median delay (min)",
          detectors.stream()
              .mapToDouble(
                  d -> {
                    List<Long> found =
                        perSeed.stream()
                            .map(r -> r.delays().get(demo).get(d))
                            .filter(x -> x != null)
                            .map(x -> x.toMinutes())
                            .sorted()
                            .toList();
                    return found.isEmpty() ? Double.NaN : found.get(found.size() / 2);
                  })
              .toArray());
    }
    if (skab != null) {
      Map<String, SkabChangepoints.Result> onSkab = skab(console, json);
      // SKAB records a reading a second: a delay in readings / 60 is minutes.
      series.put(
          "SKAB valve faults, median delay (min)",
          detectors.stream()
              .mapToDouble(
                  d -> onSkab.containsKey(d) ? onSkab.get(d).medianDelay() / 60.0 : Double.NaN)
              .toArray());
    }
    report.finish(
        "drift",
        json,
        new BarChart(
            "Drift detection delay at the demo's magnitudes (median over fleets, "
                + "minutes, lower is better; no bar: missed)",
            "minutes",
            detectors,
            series));
    return 0;
  }

  /**
   * The window statistics, the sequential detectors, the policy uncalibrated, calibrated, and at
   * each margin.
   */
  private List<String> detectors() {
    List<String> names = new ArrayList<>(DETECTORS);
    names.add(CALIBRATED);
    margins.forEach(m -> names.add(marginLabel("psi", m)));
    margins.forEach(m -> names.add(marginLabel("wasserstein", m)));
    margins.forEach(m -> names.add(marginLabel("psi", m) + "/3"));
    soloRatios.forEach(r -> names.add(soloLabel(r)));
    return names;
  }

  private static String soloLabel(double ratio) {
    return "solo×" + ratio;
  }

  private static String marginLabel(String statistic, double margin) {
    return statistic + "×" + margin;
  }

  /** A drift policy's settings and the profile it judges against. */
  private record Judge(ReferenceProfile profile, DriftPolicy.Settings settings) {}

  /**
   * drift-service's policy defaults, watching Wasserstein instead of PSI (its textbook threshold as
   * the floor).
   */
  private static DriftPolicy.Settings watching(DriftStatistic statistic) {
    DriftPolicy.Settings defaults = DriftPolicy.Settings.defaults();
    double floor =
        statistic == DriftStatistic.WASSERSTEIN
            ? DriftThresholds.DEFAULTS.wasserstein()
            : DriftThresholds.DEFAULTS.psi();
    return new DriftPolicy.Settings(
        Map.of(statistic, floor),
        defaults.consecutiveWindows(),
        defaults.clearWindows(),
        defaults.clearRatio(),
        defaults.minFeatures(),
        defaults.coolDown(),
        defaults.minSampleSize());
  }

  private SeedResult runSeed(int seed, DriftMonitoring monitoring, List<Drift> drifts) {
    Instant onset = T0.plus(reference);
    Run healthy =
        simulate(seed, Optional.empty(), reference.plus(Duration.ofHours(quietHours)), T0);
    Map<String, Judge> judges = judges(healthy, monitoring);
    Map<String, Alarms> quiet = detect(healthy, judges, monitoring, onset);
    Map<Drift, Map<String, Duration>> delays = new LinkedHashMap<>();
    // Drift windows straddle the onset as they do live: the first ends one hop after it.
    Instant firstWindow = onset.minus(monitoring.window()).plus(monitoring.hop());
    for (Drift drift : drifts) {
      Run drifted =
          simulate(
              seed, Optional.of(drift.scenario(reference)), reference.plus(after), firstWindow);
      Map<String, Duration> byDetector = new LinkedHashMap<>();
      detect(drifted, judges, monitoring, firstWindow)
          .forEach(
              (d, a) ->
                  byDetector.put(
                      d,
                      a.times().stream()
                          .filter(t -> t.isAfter(onset))
                          .findFirst()
                          .map(t -> Duration.between(onset, t))
                          .orElse(null)));
      delays.put(drift, byDetector);
    }
    return new SeedResult(seed, quiet, delays);
  }

  private Map<String, SkabChangepoints.Result> skab(PrintStream console, ObjectNode json) {
    List<SkabRecording> recordings = SkabRecording.loadAll(skab);
    console.printf(
        "%nSKAB: %d recordings in %s; reference: the first %d readings of each; drift windows of %d "
            + "readings every %d on the raw channels%n",
        recordings.size(), skab, SkabChangepoints.REFERENCE_ROWS, skabWindow, skabHop);
    Map<String, SkabChangepoints.Result> results =
        new SkabChangepoints(skabWindow, skabHop).run(recordings);
    console.printf(
        "%-14s %24s %12s %26s%n",
        "detector", "false alarms/10k", "detected", "delay (readings) median/mean");
    ObjectNode node = json.putObject("skab");
    node.put("folder", skab.toString());
    node.put("recordings", recordings.size());
    node.put("window", skabWindow);
    node.put("hop", skabHop);
    ObjectNode detectors = node.putObject("detectors");
    results.forEach(
        (detector, r) -> {
          double mean =
              r.delays().stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
          console.printf(
              "%-14s %10.1f (%4d of %5d) %7d of %-3d %14.0f / %.0f%n",
              detector,
              r.falseAlarmsPer10k(),
              r.falseAlarms(),
              r.chances(),
              r.detected(),
              r.recordings(),
              r.medianDelay(),
              mean);
          detectors
              .putObject(detector)
              .put("falseAlarmsPer10k", r.falseAlarmsPer10k())
              .put("falseAlarms", r.falseAlarms())
              .put("windowsOrValues", r.chances())
              .put("detected", r.detected())
              .put("faults", r.recordings())
              .put("medianDelayReadings", r.medianDelay())
              .put("meanDelayReadings", mean);
        });
    console.printf(
        "(delay: readings, one a second, from the labelled fault onset to the end of the first alarming "
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

  /**
   * A fleet's readings from T0 for {@code length}, windowed from {@code windowsFrom} on (earlier
   * readings only advance the pumps).
   */
  private Run simulate(int seed, Optional<Scenario> drift, Duration length, Instant windowsFrom) {
    PumpWindows windows = new PumpWindows(SPEC);
    Instant end = T0.plus(length);
    // From one window before: PumpWindows leaves each pump's first window out as partial.
    long from = windowsFrom.minus(SPEC.window()).toEpochMilli();
    for (int p = 1; p <= pumps; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "bench",
              "bench-pump-" + p,
              T0,
              interval,
              drift.map(List::of).orElse(List.of()),
              seed * 1000L + p,
              Optional.of(end));
      while (pump.nextTime().isPresent()) {
        SimulatedReading reading = pump.next();
        long time = reading.eventTime().toEpochMilli();
        if (time >= from) {
          windows.add(reading.pumpId(), reading.seq(), time, reading.channels());
        }
      }
    }
    TreeMap<Long, List<double[]>> byMinute = new TreeMap<>();
    for (PumpWindows.Row row : windows.completeRows()) {
      byMinute.computeIfAbsent(row.windowStartMillis(), m -> new ArrayList<>()).add(row.features());
    }
    return new Run(
        byMinute.keySet().stream().map(Instant::ofEpochMilli).toList(),
        new ArrayList<>(byMinute.values()));
  }

  /**
   * The policy against the reference's profile without limits ("policy", PSI ≥ 0.2 for every
   * feature as before limits existed), the policy as configured by default against a profile
   * calibrated as training-service does ("calibrated"), and PSI or Wasserstein at each margin.
   */
  private Map<String, Judge> judges(Run healthy, DriftMonitoring monitoring) {
    Instant end = T0.plus(reference);
    List<double[]> rows = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < healthy.minutes().size() && healthy.minutes().get(i).isBefore(end); i++) {
      for (double[] row : healthy.rowsByMinute().get(i)) {
        rows.add(row);
        times.add(healthy.minutes().get(i).toEpochMilli());
      }
    }
    long[] starts = times.stream().mapToLong(Long::longValue).toArray();
    Map<String, Judge> judges = new LinkedHashMap<>();
    judges.put(
        "policy",
        new Judge(ReferenceProfile.of(SPEC.version(), SPEC.featureNames(), rows), BEFORE_LIMITS));
    ReferenceProfile production =
        ReferenceProfile.calibrated(
                SPEC.version(),
                SPEC.featureNames(),
                rows,
                starts,
                DriftCalibration.defaults(monitoring))
            .withRelations(
                ReferenceProfile.relations(
                    monitoring.relations(),
                    SPEC.featureNames(),
                    rows,
                    starts,
                    DriftCalibration.defaults(monitoring)));
    judges.put(CALIBRATED, new Judge(production, DriftPolicy.Settings.defaults()));
    for (double ratio : soloRatios) {
      DriftPolicy.Settings d = DriftPolicy.Settings.defaults();
      judges.put(
          soloLabel(ratio),
          new Judge(
              production,
              new DriftPolicy.Settings(
                  d.thresholds(),
                  d.consecutiveWindows(),
                  d.clearWindows(),
                  d.clearRatio(),
                  d.minFeatures(),
                  d.coolDown(),
                  d.minSampleSize(),
                  ratio)));
    }
    for (double margin : margins) {
      DriftCalibration calibration =
          new DriftCalibration(monitoring.window(), monitoring.hop(), margin, peak);
      ReferenceProfile calibrated =
          ReferenceProfile.calibrated(
                  SPEC.version(), SPEC.featureNames(), rows, starts, calibration)
              .withRelations(
                  ReferenceProfile.relations(
                      monitoring.relations(), SPEC.featureNames(), rows, starts, calibration));
      judges.put(marginLabel("psi", margin), new Judge(calibrated, watching(DriftStatistic.PSI)));
      judges.put(
          marginLabel("wasserstein", margin),
          new Judge(calibrated, watching(DriftStatistic.WASSERSTEIN)));
      // The policy's earlier persistence, three windows in a row, for comparison.
      DriftPolicy.Settings psi = watching(DriftStatistic.PSI);
      judges.put(
          marginLabel("psi", margin) + "/3",
          new Judge(
              calibrated,
              new DriftPolicy.Settings(
                  psi.thresholds(),
                  3,
                  psi.clearWindows(),
                  psi.clearRatio(),
                  psi.minFeatures(),
                  psi.coolDown(),
                  psi.minSampleSize())));
    }
    return judges;
  }

  /**
   * Every detector over the run: drift windows from {@code windowsFrom}, sequential detectors from
   * the reference's end.
   */
  private Map<String, Alarms> detect(
      Run run, Map<String, Judge> judges, DriftMonitoring monitoring, Instant windowsFrom) {
    Instant from = T0.plus(reference);
    ReferenceProfile profile = judges.get("policy").profile();
    List<String> names = SPEC.featureNames();
    Map<String, Alarms> alarms = new LinkedHashMap<>();
    Map<String, Predicate<DriftStatistics>> statistics = WINDOW_STATISTICS;
    Map<String, List<Instant>> windowAlarms = new LinkedHashMap<>();
    statistics.keySet().forEach(k -> windowAlarms.put(k, new ArrayList<>()));
    Map<String, DriftPolicy> policies = new LinkedHashMap<>();
    Map<String, List<Instant>> policyAlarms = new LinkedHashMap<>();
    judges.forEach(
        (name, judge) -> {
          policies.put(name, new DriftPolicy(judge.settings()));
          policyAlarms.put(name, new ArrayList<>());
        });
    long windows = 0;
    Instant last = run.minutes().get(run.minutes().size() - 1);
    for (Instant start = windowsFrom;
        !start.plus(monitoring.window()).isAfter(last);
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
        statistics.forEach(
            (name, crosses) -> crossing.merge(name, crosses.test(stats) ? 1 : 0, Integer::sum));
        for (Map.Entry<String, DriftPolicy> policy : policies.entrySet()) {
          FeatureProfile limited = judges.get(policy.getKey()).profile().features().get(feature);
          observe(policy, feature, start, end, stats, limited, policyAlarms);
        }
      }
      // Relations, judged by the policies only, each by its profile's own fit.
      for (Relation relation : monitoring.relations()) {
        double[] target =
            rows.stream().mapToDouble(r -> r[names.indexOf(relation.target())]).toArray();
        double[] given =
            rows.stream().mapToDouble(r -> r[names.indexOf(relation.given())]).toArray();
        for (Map.Entry<String, DriftPolicy> policy : policies.entrySet()) {
          RelationProfile fit =
              judges.get(policy.getKey()).profile().relations().get(relation.name());
          if (fit == null) {
            continue;
          }
          observe(
              policy,
              relation.name(),
              start,
              end,
              DriftStatistics.of(fit.residuals(), fit.residuals(target, given)),
              fit.residuals(),
              policyAlarms);
        }
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
    for (String name : policies.keySet()) {
      alarms.put(name, new Alarms(policyAlarms.get(name), windows));
    }
    return alarms;
  }

  /**
   * One window's statistics of one feature (or relation) to one policy; its alarm, if any, noted.
   */
  private static void observe(
      Map.Entry<String, DriftPolicy> policy,
      String feature,
      Instant start,
      Instant end,
      DriftStatistics stats,
      FeatureProfile limits,
      Map<String, List<Instant>> policyAlarms) {
    policy
        .getValue()
        .observe(
            DriftStatsRecords.of(
                "bench-model",
                1,
                SPEC.version(),
                feature,
                null,
                start,
                end,
                stats,
                limits,
                List.of()))
        .ifPresent(d -> policyAlarms.get(policy.getKey()).add(d.getWindowEnd()));
  }

  /** Page-Hinkley or ADWIN per monitored feature on its standardised fleet mean per minute. */
  private static Alarms sequential(
      Run run,
      ReferenceProfile profile,
      DriftMonitoring monitoring,
      Instant from,
      boolean pageHinkley) {
    List<String> names = SPEC.featureNames();
    Map<String, PageHinkley> ph = new LinkedHashMap<>();
    Map<String, Adwin> adwin = new LinkedHashMap<>();
    monitoring
        .features()
        .forEach(
            f -> {
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
        double mean =
            run.rowsByMinute().get(i).stream()
                .mapToDouble(r -> r[column])
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
        if (!Double.isFinite(mean)) {
          continue;
        }
        double z = reference.std() > 0 ? (mean - reference.mean()) / reference.std() : 0;
        fired |=
            pageHinkley
                ? ph.get(feature).add(z) != PageHinkley.Change.NONE
                : adwin.get(feature).add(z);
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

  private static String join(List<Double> values) {
    return String.join(
        ",",
        values.stream()
            .map(v -> v == Math.rint(v) ? String.valueOf(v.longValue()) : v.toString())
            .toList());
  }

  private static String describe(Duration delay) {
    return delay.toHours() > 0
        ? delay.toHours() + " h " + delay.toMinutesPart() + " min"
        : delay.toMinutes() + " min";
  }
}
