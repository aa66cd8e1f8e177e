package io.pumpops.bench.alarms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.edge.alarm.AlarmTracker;
import io.pumpops.edge.alarm.Contributors;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmState;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import io.pumpops.training.pipeline.ReproducibleTraining;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Alarms in an operator's units, on synthetic fleets: how often a healthy pump alarms (false alarms
 * per pump-day), and how many injected faults are alarmed within five minutes of onset. Two ways of
 * telling the operator are compared on the same verdicts: one notification per anomalous window
 * (what {@code pump.anomalies} carries) and the alarm lifecycle of the gateway ({@link
 * AlarmTracker} with the package's {@link AlarmPolicy}).
 *
 * <p>Per seed, as production does it: a fleet's first {@code --train-hours} of healthy data are
 * split by time, the first 80 % fitted (the last 20 % is its hold-out) by training-service's own
 * pipeline ({@link ReproducibleTraining#fit}): {@code --family regression-residuals}
 * (training-service's default), {@code pca-t2-q} or {@code similarity} trains that family alone;
 * with several, say {@code --family pca-t2-q,similarity}, each is fitted on the first three
 * quarters of that and the one with fewer false alarms per pump-day on the last quarter is refitted
 * on it all, as a training run does with several {@code model-families}. Then the next {@code
 * --hours} are scored window by window. The faults are a separate run per kind on the same pumps
 * after the same training: one fault per pump, at a random time in the second hour after training.
 * The defaults are training-service's; they were chosen on fleets 101-120 ({@code --first-seed
 * 101}) and are reported on fleets 1-20, which took no part in the choice.
 */
@Command(
    name = "alarms",
    mixinStandardHelpOptions = true,
    description =
        "False alarms per pump-day on healthy fleets and faults alarmed within 5 minutes, per-window vs lifecycle.")
public final class AlarmsBench implements Callable<Integer> {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration WITHIN = Duration.ofMinutes(5);

  @Option(names = "--seeds", defaultValue = "20", description = "fleets (default ${DEFAULT-VALUE})")
  int seeds;

  @Option(
      names = "--first-seed",
      defaultValue = "1",
      description =
          "seed of the first fleet (default ${DEFAULT-VALUE};"
              + " settings are chosen on fleets 101-120, figures reported on fleets 1-20)")
  int firstSeed;

  @Option(
      names = "--pumps",
      defaultValue = "10",
      description = "pumps per fleet (default ${DEFAULT-VALUE})")
  int pumps;

  @Option(
      names = "--hours",
      defaultValue = "24",
      description = "healthy hours scored per fleet (default ${DEFAULT-VALUE})")
  int hours;

  @Option(
      names = "--train-hours",
      defaultValue = "6",
      description = "training data, training-service's lookback (default ${DEFAULT-VALUE})")
  int trainHours;

  @Option(
      names = "--policy",
      defaultValue = "4/6/5/3.0",
      description =
          "alarm policy k/n/close/critical (default ${DEFAULT-VALUE}, training-service's)")
  String policyText;

  @Option(
      names = "--limits",
      defaultValue = "fit",
      description =
          "where the control limits come from: fit (the"
              + " fitted rows, training-service today) or validation (the 20 %% hold-out of the training data) (default ${DEFAULT-VALUE})")
  String limits;

  @Option(
      names = "--limit-quantile",
      defaultValue = "0.999999",
      description = "quantile taken as the limits (default ${DEFAULT-VALUE}, training-service's)")
  double limitQuantile;

  @Option(
      names = "--family",
      defaultValue = "regression-residuals",
      description =
          "a model family (pca-t2-q, similarity,"
              + " regression-residuals) or several, comma-separated: chosen among by validation, as training-service does with"
              + " several in model-families (default ${DEFAULT-VALUE}, training-service's)")
  String family;

  @Option(
      names = "--control-limit",
      defaultValue = "scaled-chi-square",
      description =
          "how the quantile is read off the"
              + " fitted values: empirical or scaled-chi-square (default ${DEFAULT-VALUE}, training-service's)")
  String controlLimit;

  @Option(
      names = "--labelled-faults",
      defaultValue = "0",
      description =
          "pumps added to each fleet's training data with a labelled fault (kinds in turn, onset at a"
              + " random time in the first three hours): never fitted on, and with several families the"
              + " choice then goes by F1 over them, as a training run with ground truth does (default"
              + " ${DEFAULT-VALUE}: none)")
  int labelledFaults;

  @Option(
      names = "--pump-baselines",
      defaultValue = "0",
      description =
          "judge each pump against its own baseline once it has this many fitting windows (ADR 21;"
              + " default ${DEFAULT-VALUE}: every pump against the fleet's figures)")
  int pumpBaselines;

  @Option(
      names = "--skab",
      paramLabel = "DIR",
      description =
          "add one SKAB rig to each fleet, as the demo's --skab does: a labelled valve experiment of"
              + " DIR replayed in a loop, its faults labelled for training (never fitted on); reports"
              + " its false alarms and the share of its faults alarmed, e.g. ../shared/data/skab")
  Path skab;

  /** The SKAB rigs' counts: false alarms outside the labelled spans, faults alarmed in them. */
  private static final class SkabTally {
    long falseAlarms;
    long falseWindows;
    long faults;
    long faultsAlarmed;
    long faultsFlagged;
    double pumpDays;
  }

  @Mixin ResultsFolder results;

  /** Counts of one way of telling the operator. */
  private static final class Tally {
    long notifications;
    long faults;
    long caught;
    final List<Long> delaysSeconds = new ArrayList<>();
  }

  @Override
  public Integer call() throws Exception {
    if (seeds < 1
        || pumps < 1
        || hours < 1
        || trainHours < 1
        || labelledFaults < 0
        || pumpBaselines < 0) {
      throw new IllegalArgumentException(
          "--seeds, --pumps, --hours and --train-hours must be positive, --labelled-faults not"
              + " negative");
    }
    if (labelledFaults > 0 && trainHours < 4) {
      throw new IllegalArgumentException(
          "--labelled-faults needs --train-hours of at least 4: their onsets fall in hours 1-3");
    }
    AlarmPolicy policy = AlarmPolicy.parse(policyText);
    BenchReport report = results.report();
    PrintStream console = report.out();
    ObjectNode json =
        report.start(
            "alarms",
            "pumpops bench alarms --seeds "
                + seeds
                + " --first-seed "
                + firstSeed
                + " --pumps "
                + pumps
                + " --hours "
                + hours
                + " --train-hours "
                + trainHours
                + " --policy "
                + policy
                + " --limits "
                + limits
                + " --limit-quantile "
                + limitQuantile
                + " --control-limit "
                + controlLimit
                + " --family "
                + family
                + (labelledFaults > 0 ? " --labelled-faults " + labelledFaults : "")
                + (pumpBaselines > 0 ? " --pump-baselines " + pumpBaselines : "")
                + (skab != null ? " --skab " + skab : ""));
    if (!limits.equals("fit") && !limits.equals("validation")) {
      throw new IllegalArgumentException("--limits is fit or validation, not " + limits);
    }
    List<ModelFamily> candidates = families();
    if (limits.equals("validation")
        && !(candidates.size() == 1 && candidates.get(0) instanceof PcaAnomalyModel.Settings)) {
      throw new IllegalArgumentException(
          "--limits validation recalibrates PCA's limits only: add --family pca-t2-q");
    }
    json.put("family", family);
    json.put("labelledFaults", labelledFaults);
    json.put("pumpBaselines", pumpBaselines);
    json.put("limits", limits);
    json.put("limitQuantile", limitQuantile);
    json.put("controlLimit", ControlLimit.parse(controlLimit).key());
    json.put("policy", policy.toString());
    List<Scenario.Kind> faults =
        List.of(Scenario.Kind.values()).stream().filter(Scenario.Kind::isFault).toList();

    Tally windowsHealthy = new Tally();
    Tally alarmsHealthy = new Tally();
    Map<Scenario.Kind, Tally> windowsFault = new LinkedHashMap<>();
    Map<Scenario.Kind, Tally> alarmsFault = new LinkedHashMap<>();
    faults.forEach(
        k -> {
          windowsFault.put(k, new Tally());
          alarmsFault.put(k, new Tally());
        });
    ArrayNode perSeed = json.putArray("seeds");
    console.printf(
        "%d fleets of %d pumps: %d h of training data%s, %d h scored; family %s; policy %s; limits: %s quantile"
            + " %s (%s)%n",
        seeds,
        pumps,
        trainHours,
        labelledFaults > 0 ? " and " + labelledFaults + " pumps with a labelled fault" : "",
        hours,
        family,
        policy,
        limits,
        limitQuantile,
        controlLimit);
    console.printf(
        "  %-6s %-20s %22s %22s%n", "seed", "family", "window events/pump-day", "alarms/pump-day");
    Map<String, Integer> chosen = new LinkedHashMap<>();
    SkabTally skabTally = new SkabTally();
    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
      Instant trainEnd = START.plus(Duration.ofHours(trainHours));
      SkabPump rig =
          skab == null
              ? null
              : new SkabPump(skab, seed * 3, START, Duration.ofHours(trainHours + hours), SPEC);
      List<PumpWindows.Row> rigRows = rig == null ? List.of() : rig.windows();
      ReproducibleTraining.Fitted fitted = train(seed, trainEnd, candidates, rig, rigRows);
      AnomalyModel model = fitted.model();
      chosen.merge(model.family(), 1, Integer::sum);
      ReferenceProfile reference = reference(seed, trainEnd);
      Tally windows = new Tally();
      Tally alarms = new Tally();
      score(
          seed,
          List.of(),
          trainEnd,
          trainEnd.plus(Duration.ofHours(hours)),
          fitted,
          reference,
          policy,
          windows,
          alarms,
          Map.of());
      if (rig != null) {
        scoreSkab(
            rig,
            rigRows,
            trainEnd,
            trainEnd.plus(Duration.ofHours(hours)),
            fitted,
            reference,
            policy,
            skabTally);
      }
      double pumpDays = pumps * hours / 24.0;
      console.printf(
          "  %-6d %-20s %22.2f %22.2f%n",
          seed, model.family(), windows.notifications / pumpDays, alarms.notifications / pumpDays);
      perSeed
          .addObject()
          .put("seed", seed)
          .put("family", model.family())
          .put("choice", fitted.choice().reason())
          .put("windowEventsPerPumpDay", windows.notifications / pumpDays)
          .put("alarmsPerPumpDay", alarms.notifications / pumpDays);
      windowsHealthy.notifications += windows.notifications;
      alarmsHealthy.notifications += alarms.notifications;
      for (Scenario.Kind kind : faults) {
        Random random = new Random(seed * 31L + kind.ordinal());
        Map<String, Instant> onsets = new LinkedHashMap<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (int p = 1; p <= pumps; p++) {
          Duration after = Duration.ofHours(trainHours + 1).plusSeconds(random.nextInt(3600));
          onsets.put(pumpId(p), START.plus(after));
          scenarios.add(Scenario.of(pumpId(p), kind, after));
        }
        score(
            seed,
            scenarios,
            trainEnd,
            trainEnd.plus(Duration.ofHours(3)),
            fitted,
            reference,
            policy,
            windowsFault.get(kind),
            alarmsFault.get(kind),
            onsets);
      }
    }

    double pumpDays = seeds * pumps * hours / 24.0;
    console.printf(
        "%npooled over %d fleets (%.0f pump-days of healthy data); families trained: %s%n",
        seeds, pumpDays, chosen);
    ObjectNode trained = json.putObject("familiesTrained");
    chosen.forEach(trained::put);
    console.printf("  %-34s %16s %16s%n", "", "per window", "alarm lifecycle");
    console.printf(
        "  %-34s %16.3f %16.3f%n",
        "false notifications per pump-day",
        windowsHealthy.notifications / pumpDays,
        alarmsHealthy.notifications / pumpDays);
    ObjectNode pooled = json.putObject("pooled");
    pooled.put("pumpDays", pumpDays);
    pooled.put("windowEventsPerPumpDay", windowsHealthy.notifications / pumpDays);
    pooled.put("alarmsPerPumpDay", alarmsHealthy.notifications / pumpDays);
    if (skab != null) {
      console.printf(
          "  SKAB rigs (%s, one per fleet, %.1f pump-days):%n", skab, skabTally.pumpDays);
      console.printf(
          "  %-34s %16.3f %16.3f%n",
          "false notifications per pump-day",
          skabTally.falseWindows / skabTally.pumpDays,
          skabTally.falseAlarms / skabTally.pumpDays);
      console.printf(
          "  %-34s %15.1f%% %15.1f%%   (%d labelled faults)%n",
          "labelled faults notified",
          100.0 * skabTally.faultsFlagged / skabTally.faults,
          100.0 * skabTally.faultsAlarmed / skabTally.faults,
          skabTally.faults);
      json.putObject("skab")
          .put("folder", skab.toString())
          .put("pumpDays", skabTally.pumpDays)
          .put("windowEventsPerPumpDay", skabTally.falseWindows / skabTally.pumpDays)
          .put("alarmsPerPumpDay", skabTally.falseAlarms / skabTally.pumpDays)
          .put("faults", skabTally.faults)
          .put("faultShareFlagged", skabTally.faultsFlagged / (double) skabTally.faults)
          .put("faultShareAlarmed", skabTally.faultsAlarmed / (double) skabTally.faults);
    }
    ObjectNode faultsJson = json.putObject("faults");
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("per window", new double[faults.size()]);
    series.put("alarm lifecycle", new double[faults.size()]);
    for (int i = 0; i < faults.size(); i++) {
      Scenario.Kind kind = faults.get(i);
      Tally w = windowsFault.get(kind);
      Tally a = alarmsFault.get(kind);
      double wShare = w.caught / (double) w.faults;
      double aShare = a.caught / (double) a.faults;
      console.printf(
          "  %-34s %15.1f%% %15.1f%%   (median delay %s / %s)%n",
          kind + " caught within 5 min",
          100 * wShare,
          100 * aShare,
          median(w.delaysSeconds),
          median(a.delaysSeconds));
      faultsJson
          .putObject(kind.name())
          .put("faults", a.faults)
          .put("windowShareWithin5Min", wShare)
          .put("alarmShareWithin5Min", aShare)
          .put("windowMedianDelaySeconds", median(w.delaysSeconds))
          .put("alarmMedianDelaySeconds", median(a.delaysSeconds));
      series.get("per window")[i] = 100 * wShare;
      series.get("alarm lifecycle")[i] = 100 * aShare;
    }
    report.finish(
        "alarms",
        json,
        new BarChart(
            "Injected faults alarmed within 5 minutes of onset (%, higher is better)",
            "%", faults.stream().map(Enum::name).toList(), series));
    return 0;
  }

  private static String pumpId(int p) {
    return "bench-pump-" + p;
  }

  private List<SyntheticPump> fleet(int seed, List<Scenario> scenarios, Instant end) {
    List<SyntheticPump> fleet = new ArrayList<>();
    for (int p = 1; p <= pumps; p++) {
      fleet.add(
          new SyntheticPump(
              "bench", pumpId(p), START, INTERVAL, scenarios, seed * 1000L + p, Optional.of(end)));
    }
    return fleet;
  }

  private List<PumpWindows.Row> windows(int seed, List<Scenario> scenarios, Instant end) {
    PumpWindows windows = new PumpWindows(SPEC);
    for (SyntheticPump pump : fleet(seed, scenarios, end)) {
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    return windows.completeRows();
  }

  /** The candidate families, each with this run's limit settings and its other defaults. */
  private List<ModelFamily> families() {
    Map<String, String> settings =
        Map.of(
            "limitQuantile",
            Double.toString(limitQuantile),
            "controlLimit",
            ControlLimit.parse(controlLimit).key());
    return java.util.Arrays.stream(family.split(","))
        .map(name -> ModelFamily.configured(name.strip(), settings))
        .toList();
  }

  /**
   * Training-service's way: healthy rows up to the end of training, the first 80 % by time fitted
   * by its pipeline.
   */
  private ReproducibleTraining.Fitted train(
      int seed,
      Instant trainEnd,
      List<ModelFamily> candidates,
      SkabPump rig,
      List<PumpWindows.Row> rigRows) {
    List<PumpWindows.Row> rows = new ArrayList<>(windows(seed, List.of(), trainEnd));
    List<PumpWindows.Row> anomalous = new ArrayList<>();
    for (PumpWindows.Row row : rigRows) {
      if (row.windowStartMillis() + SPEC.window().toMillis() > trainEnd.toEpochMilli()) {
        continue;
      }
      // The rig's labelled faults are ground truth: set aside, as a training run with labels does.
      (rig.labelled(row.windowStartMillis()) ? anomalous : rows).add(row);
    }
    long cut = START.toEpochMilli() + (trainEnd.toEpochMilli() - START.toEpochMilli()) * 4 / 5;
    List<PumpWindows.Row> fit =
        new ArrayList<>(rows.stream().filter(r -> r.windowStartMillis() < cut).toList());
    List<PumpWindows.Row> holdout =
        rows.stream().filter(r -> r.windowStartMillis() >= cut).toList();
    labelledFaultPumps(seed, trainEnd, fit, anomalous);
    ReproducibleTraining.Settings settings =
        new ReproducibleTraining.Settings(
            SPEC,
            candidates,
            ReproducibleTraining.Settings.DEFAULT_VALIDATION_SHARE,
            1,
            1,
            0.2,
            seed,
            null,
            PumpWindows.ALL_WINDOWS,
            List.of(),
            pumpBaselines);
    ReproducibleTraining.Fitted fitted =
        ReproducibleTraining.fit(
            new ReproducibleTraining.Validated(fit, holdout, anomalous, 0), settings);
    if (limits.equals("validation") && fitted.model() instanceof PcaAnomalyModel pca) {
      if (fitted.baselines() != null) {
        throw new IllegalArgumentException("--limits validation does not take --pump-baselines");
      }
      return new ReproducibleTraining.Fitted(
          pca.calibratedOn(holdout.stream().map(PumpWindows.Row::features).toList(), limitQuantile),
          fitted.choice());
    }
    return fitted;
  }

  /**
   * Pumps that exist only in the training data, each with one fault whose windows are labelled (as
   * ground truth labels them): their windows before the onset are fitted like any pump's, those
   * that hold a reading after it are set aside as anomalous, never fitted on.
   */
  private void labelledFaultPumps(
      int seed, Instant trainEnd, List<PumpWindows.Row> fit, List<PumpWindows.Row> anomalous) {
    List<Scenario.Kind> kinds =
        List.of(Scenario.Kind.values()).stream().filter(Scenario.Kind::isFault).toList();
    Random random = new Random(seed * 53L);
    long windowMillis = SPEC.window().toMillis();
    for (int k = 0; k < labelledFaults; k++) {
      String pumpId = "bench-labelled-" + k;
      Duration after = Duration.ofMinutes(60 + random.nextInt(120));
      long onset = START.plus(after).toEpochMilli();
      SyntheticPump pump =
          new SyntheticPump(
              "bench",
              pumpId,
              START,
              INTERVAL,
              List.of(Scenario.of(pumpId, kinds.get(k % kinds.size()), after)),
              seed * 1000L + 500 + k,
              Optional.of(trainEnd));
      PumpWindows windows = new PumpWindows(SPEC);
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
      for (PumpWindows.Row row : windows.completeRows()) {
        if (row.windowStartMillis() + windowMillis > onset) {
          anomalous.add(row);
        } else {
          fit.add(row);
        }
      }
    }
  }

  private ReferenceProfile reference(int seed, Instant trainEnd) {
    List<double[]> rows =
        windows(seed, List.of(), trainEnd).stream().map(PumpWindows.Row::features).toList();
    return ReferenceProfile.of(SPEC.version(), SPEC.featureNames(), rows);
  }

  private void score(
      int seed,
      List<Scenario> scenarios,
      Instant from,
      Instant to,
      ReproducibleTraining.Fitted model,
      ReferenceProfile reference,
      AlarmPolicy policy,
      Tally windows,
      Tally alarms,
      Map<String, Instant> onsets) {
    AlarmTracker tracker = new AlarmTracker("bench", Clock.systemUTC(), null);
    Contributors contributors = new Contributors(SPEC.featureNames(), reference);
    AlarmTracker.Model version = new AlarmTracker.Model("bench", 1, policy, contributors::of);
    Map<String, Instant> windowCaught = new LinkedHashMap<>();
    Map<String, Instant> alarmCaught = new LinkedHashMap<>();
    long windowMillis = SPEC.window().toMillis();
    List<PumpWindows.Row> rows =
        windows(seed, scenarios, to).stream()
            .filter(r -> r.windowStartMillis() >= from.toEpochMilli())
            .sorted(java.util.Comparator.comparingLong(PumpWindows.Row::windowStartMillis))
            .toList();
    for (PumpWindows.Row row : rows) {
      double score = model.scoreOf(row);
      long end = row.windowStartMillis() + windowMillis;
      Instant onset = onsets.get(row.pumpId());
      if (score > 1) {
        if (onset == null) {
          windows.notifications++;
        } else if (end >= onset.toEpochMilli()) {
          windowCaught.putIfAbsent(row.pumpId(), Instant.ofEpochMilli(end));
        }
      }
      for (AlarmEvent change :
          tracker.onWindow(
              new AlarmTracker.Window(
                  row.pumpId(), "bench", row.windowStartMillis(), end, score, 1.0, row.features()),
              version)) {
        if (change.getState() != AlarmState.OPENED) {
          continue;
        }
        if (onset == null) {
          alarms.notifications++;
        } else if (end >= onset.toEpochMilli()) {
          alarmCaught.putIfAbsent(row.pumpId(), Instant.ofEpochMilli(end));
        }
      }
    }
    for (Map.Entry<String, Instant> fault : onsets.entrySet()) {
      tally(windows, fault.getValue(), windowCaught.get(fault.getKey()));
      tally(alarms, fault.getValue(), alarmCaught.get(fault.getKey()));
    }
  }

  /**
   * The SKAB rig's windows after training, scored and turned into alarms: an alarm opening outside
   * a labelled fault (or the 5 minutes after its end) is false; a fault is alarmed when one opens
   * from its start to 5 minutes after its end.
   */
  private void scoreSkab(
      SkabPump rig,
      List<PumpWindows.Row> rigRows,
      Instant from,
      Instant to,
      ReproducibleTraining.Fitted model,
      ReferenceProfile reference,
      AlarmPolicy policy,
      SkabTally tally) {
    AlarmTracker tracker = new AlarmTracker("bench", Clock.systemUTC(), null);
    Contributors contributors = new Contributors(SPEC.featureNames(), reference);
    AlarmTracker.Model version = new AlarmTracker.Model("bench", 1, policy, contributors::of);
    long windowMillis = SPEC.window().toMillis();
    List<Long> openings = new ArrayList<>();
    List<Long> flagged = new ArrayList<>();
    for (PumpWindows.Row row : rigRows) {
      long end = row.windowStartMillis() + windowMillis;
      if (row.windowStartMillis() < from.toEpochMilli() || end > to.toEpochMilli()) {
        continue;
      }
      double score = model.scoreOf(row);
      if (score > 1) {
        flagged.add(end);
      }
      for (AlarmEvent change :
          tracker.onWindow(
              new AlarmTracker.Window(
                  row.pumpId(), "bench", row.windowStartMillis(), end, score, 1.0, row.features()),
              version)) {
        if (change.getState() == AlarmState.OPENED) {
          openings.add(end);
        }
      }
    }
    List<long[]> spans =
        rig.faults().stream()
            .filter(f -> !f.from().isBefore(from) && f.to().isBefore(to))
            .map(
                f ->
                    new long[] {f.from().toEpochMilli(), f.to().toEpochMilli() + WITHIN.toMillis()})
            .toList();
    for (long[] span : spans) {
      tally.faults++;
      tally.faultsAlarmed += openings.stream().anyMatch(t -> t >= span[0] && t <= span[1]) ? 1 : 0;
      tally.faultsFlagged += flagged.stream().anyMatch(t -> t >= span[0] && t <= span[1]) ? 1 : 0;
    }
    java.util.function.Predicate<Long> inFault =
        t ->
            rig.faults().stream()
                .anyMatch(
                    f ->
                        t > f.from().toEpochMilli()
                            && t <= f.to().toEpochMilli() + WITHIN.toMillis() + windowMillis);
    tally.falseAlarms += openings.stream().filter(inFault.negate()).count();
    tally.falseWindows += flagged.stream().filter(inFault.negate()).count();
    tally.pumpDays += Duration.between(from, to).toMillis() / 86_400_000.0;
  }

  private static void tally(Tally tally, Instant onset, Instant caught) {
    tally.faults++;
    if (caught != null) {
      long delay = Duration.between(onset, caught).toSeconds();
      tally.delaysSeconds.add(delay);
      if (delay <= WITHIN.toSeconds()) {
        tally.caught++;
      }
    }
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
