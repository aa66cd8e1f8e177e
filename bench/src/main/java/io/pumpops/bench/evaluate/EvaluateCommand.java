package io.pumpops.bench.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.RegressionResidualModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import io.pumpops.simulator.SkabRecording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pumpops evaluate --skab <dir>}: the SKAB protocol on a folder, for each model family. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the SKAB outlier protocol on a folder of SKAB-format CSV files: for each labelled file, fit on "
          + "its first rows, judge every later row, and report F1, false-alarm and missed-alarm rates per file and "
          + "pooled over all test rows (the SKAB leaderboard's micro-average), for each model family.",
      "The flips of each model's verdicts are also scored as changepoints with SKAB's NAB scores.",
      "Exit codes: 0 done, 2 bad input (no such folder, no labelled file)."
    })
public final class EvaluateCommand implements Callable<Integer> {

  /** The published SKAB leaderboard (upstream README at commit b2c0d46): F1, FAR, MAR, pooled. */
  public static final Map<String, double[]> LEADERBOARD = leaderboard();

  /**
   * The same leaderboard's best changepoint detectors, NAB standard profile (the one it ranks by).
   */
  public static final Map<String, Double> NAB_LEADERBOARD = nabLeaderboard();

  @Option(
      names = "--skab",
      required = true,
      paramLabel = "DIR",
      description =
          "folder of SKAB-format CSV files (searched recursively; files without labels are skipped)")
  Path folder;

  /** training-service's limit-quantile with its scaled chi-square limits (application.yml). */
  private static final double PRODUCTION_LIMIT_QUANTILE = 0.999999;

  @Option(
      names = "--train-rows",
      defaultValue = "400",
      description = "rows at the start of each file to fit on (SKAB's protocol: ${DEFAULT-VALUE})")
  int trainRows;

  @Option(
      names = "--limit-quantile",
      defaultValue = "0.995",
      description =
          "quantile of the fitting rows' T² and Q taken as limits (training-service's default: ${DEFAULT-VALUE})")
  double limitQuantile;

  @Option(
      names = "--variance-to-keep",
      defaultValue = "0.9",
      description =
          "share of the variance the kept components explain (training-service's default: ${DEFAULT-VALUE})")
  double varianceToKeep;

  @Option(
      names = "--debounce",
      defaultValue = "5",
      description =
          "readings in a row that start or stop the debounced points model's alarm (default ${DEFAULT-VALUE})")
  int debounce;

  @Option(
      names = "--per-file",
      description = "print every file's figures, not only the pooled ones")
  boolean perFile;

  @Mixin ResultsFolder results;

  @Override
  public Integer call() throws Exception {
    PcaAnomalyModel.Settings settings = new PcaAnomalyModel.Settings(varianceToKeep, limitQuantile);
    PointPcaDetector points = new PointPcaDetector(settings);
    List<Detector> detectors =
        new ArrayList<>(
            List.of(
                points,
                new DebouncedDetector(points, debounce),
                new WindowPcaDetector(FeatureSpec.PUMP_V1, settings)));
    // The same model with limits read off a scaled chi-square (training-service's estimator), at
    // the same quantile and at training-service's own (one in a million, chosen on synthetic
    // validation fleets): both fixed before SKAB's labels were looked at, neither tuned on them.
    for (double quantile : new double[] {limitQuantile, PRODUCTION_LIMIT_QUANTILE}) {
      PointPcaDetector fitted =
          new PointPcaDetector(
              new PcaAnomalyModel.Settings(
                  varianceToKeep, quantile, ControlLimit.SCALED_CHI_SQUARE));
      detectors.add(fitted);
      detectors.add(new DebouncedDetector(fitted, debounce));
    }
    // The other families with the same quantile as PCA's default and their own defaults otherwise,
    // fixed before any SKAB label was read.
    for (String family : List.of(SimilarityAnomalyModel.FAMILY, RegressionResidualModel.FAMILY)) {
      PointFamilyDetector detector =
          new PointFamilyDetector(
              ModelFamily.configured(
                  family, java.util.Map.of("limitQuantile", Double.toString(limitQuantile))));
      detectors.add(detector);
      detectors.add(new DebouncedDetector(detector, debounce));
    }
    // Beside SKAB's protocol, not instead of it: the production model fitted on the folder's
    // unlabelled healthy recordings too, since 400 rows are too few for its 68 features.
    List<SkabRecording> healthy =
        java.nio.file.Files.isDirectory(folder)
            ? SkabRecording.loadAll(folder).stream().filter(r -> !r.labelled()).toList()
            : List.of();
    if (!healthy.isEmpty()) {
      detectors.add(new WindowPcaDetector(FeatureSpec.PUMP_V1, settings, healthy));
      detectors.add(new WindowPcaDetector(FeatureSpec.PUMP_V1, settings, healthy, 0.2));
    }
    SkabEvaluation.Report report;
    try {
      report = new SkabEvaluation(trainRows).run(folder, detectors, List.of(localLevelChoice()));
    } catch (IllegalArgumentException e) {
      System.err.println("evaluate: " + e.getMessage());
      return 2;
    }
    BenchReport output = results.report();
    print(report, output);
    output.finish("evaluate-skab", json(report, output), chart(report));
    return 0;
  }

  /**
   * The local-level detector's settings are not fixed in advance but chosen per file on the other
   * files' labels (leave-one-file-out): its smoothing, its limit and its debounce, from a grid
   * written down before it was run.
   */
  static SkabEvaluation.Choice localLevelChoice() {
    List<Detector> candidates = new ArrayList<>();
    for (double smoothing : new double[] {1, 0.5, 0.3, 0.2, 0.1, 0.05}) {
      for (double scale : new double[] {1, 1.25, 1.5, 2, 2.5, 3, 4}) {
        candidates.add(new LocalLevelDetector(new LocalLevelDetector.Settings(smoothing, scale)));
      }
    }
    return new SkabEvaluation.Choice(
        "local-level/points+leave-one-file-out",
        "each channel judged against its own wandering level (a random walk plus noise fitted to "
            + "the fitting rows), smoothed; smoothing and limit chosen for each file by the best "
            + "pooled F1 on the other files' labels, from "
            + candidates.size()
            + " candidates",
        candidates,
        List.of(1, 2, 5, 10, 20, 30, 60));
  }

  private void print(SkabEvaluation.Report report, BenchReport output) {
    var console = output.out();
    console.printf(
        "SKAB outlier protocol on %s: fit on the first %d rows of each file, judge the rest%n",
        report.folder(), report.trainRows());
    report.skipped().forEach(s -> console.printf("  skipped %s%n", s));
    for (SkabEvaluation.DetectorResult detector : report.detectors()) {
      console.printf("%n%s: %s%n", detector.detector(), detector.description());
      printChoices(detector, console);
      if (perFile) {
        console.printf("  %-16s %6s %6s %7s %7s  %s%n", "file", "rows", "F1", "FAR %", "MAR %", "");
        for (SkabEvaluation.FileResult file : detector.files()) {
          console.printf(
              "  %-16s %6d %6.3f %7.2f %7.2f  %s%n",
              file.file(),
              file.testRows(),
              file.counts().f1(),
              100 * file.counts().falseAlarmRate(),
              100 * file.counts().missedAlarmRate(),
              file.error() != null
                  ? "not fitted: " + file.error()
                  : file.chosen() == null ? "" : "chosen on the others: " + file.chosen());
        }
      } else {
        detector.files().stream()
            .filter(f -> f.error() != null)
            .forEach(f -> console.printf("  %s not fitted: %s%n", f.file(), f.error()));
      }
    }
    console.printf(
        "%npooled over every test row (%d files)%n", report.detectors().get(0).files().size());
    console.printf("  %-46s %7s %7s %7s  %s%n", "model", "F1", "FAR %", "MAR %", "");
    for (SkabEvaluation.DetectorResult detector : report.detectors()) {
      OutlierCounts pooled = detector.pooled();
      console.printf(
          "  %-46s %7.3f %7.2f %7.2f  this run, %d rows%n",
          detector.detector(),
          pooled.f1(),
          100 * pooled.falseAlarmRate(),
          100 * pooled.missedAlarmRate(),
          pooled.rows());
    }
    LEADERBOARD.forEach(
        (name, figures) ->
            console.printf(
                "  %-46s %7.2f %7.2f %7.2f  SKAB leaderboard (all 34 files)%n",
                name, figures[0], figures[1], figures[2]));
    console.printf(
        "%nchangepoints, NAB scores (the flips of each model's verdicts; 0 = predicting nothing, 100 = perfect)%n");
    console.printf("  %-46s %9s %9s %9s%n", "model", "standard", "low FP", "low FN");
    for (SkabEvaluation.DetectorResult detector : report.detectors()) {
      NabScore nab = detector.nab();
      console.printf(
          "  %-46s %9.2f %9.2f %9.2f  this run%n",
          detector.detector(), nab.normalised(0), nab.normalised(1), nab.normalised(2));
    }
    NAB_LEADERBOARD.forEach(
        (name, standard) ->
            console.printf(
                "  %-46s %9.2f %9s %9s  SKAB leaderboard (all 34 files)%n",
                name, standard, "", ""));
  }

  /** For a choice, which candidates judged how many files. */
  private static void printChoices(
      SkabEvaluation.DetectorResult detector, java.io.PrintStream console) {
    Map<String, Integer> chosen = new java.util.TreeMap<>();
    detector.files().stream()
        .filter(f -> f.chosen() != null)
        .forEach(f -> chosen.merge(f.chosen(), 1, Integer::sum));
    chosen.forEach(
        (candidate, files) ->
            console.printf("  chosen on the other files for %d file(s): %s%n", files, candidate));
  }

  private ObjectNode json(SkabEvaluation.Report report, BenchReport output) {
    ObjectNode root =
        output.start(
            "evaluate-skab",
            String.format(
                Locale.ROOT,
                "pumpops evaluate --skab %s --train-rows %d --limit-quantile %s --variance-to-keep %s --debounce %d",
                report.folder(),
                report.trainRows(),
                limitQuantile,
                varianceToKeep,
                debounce));
    root.put(
        "protocol",
        "SKAB outlier detection: fit on the first "
            + report.trainRows()
            + " rows of each file, point-wise verdicts on the rest, pooled (micro-averaged) F1 = TP/(TP+(FP+FN)/2), "
            + "FAR = FP/(FP+TN), MAR = FN/(FN+TP)");
    root.putPOJO("skipped", report.skipped());
    ArrayNode detectors = root.putArray("detectors");
    for (SkabEvaluation.DetectorResult detector : report.detectors()) {
      ObjectNode d = detectors.addObject();
      d.put("name", detector.detector());
      d.put("description", detector.description());
      scores(d.putObject("pooled"), detector.pooled());
      nab(d.putObject("nab"), detector.nab());
      ArrayNode files = d.putArray("files");
      for (SkabEvaluation.FileResult file : detector.files()) {
        ObjectNode f = files.addObject();
        f.put("file", file.file());
        f.put("testRows", file.testRows());
        scores(f, file.counts());
        nab(f.putObject("nab"), file.nab());
        if (file.error() != null) {
          f.put("error", file.error());
        }
        if (file.chosen() != null) {
          f.put("chosen", file.chosen());
        }
      }
    }
    ObjectNode leaderboard = root.putObject("skabLeaderboard");
    leaderboard.put(
        "source",
        "github.com/waico/SKAB README at b2c0d46 (all files of valve1, valve2 and other)");
    LEADERBOARD.forEach(
        (name, figures) ->
            leaderboard
                .putObject(name)
                .put("f1", figures[0])
                .put("farPercent", figures[1])
                .put("marPercent", figures[2]));
    ObjectNode nabBoard = leaderboard.putObject("nab");
    NAB_LEADERBOARD.forEach((name, standard) -> nabBoard.putObject(name).put("standard", standard));
    root.put(
        "changepointProtocol",
        "NAB as SKAB scores it: a 60 s window right of each labelled changepoint, "
            + "predicted changepoints = flips of the point-wise verdicts, profiles standard (A_fp -0.11, A_fn -1), "
            + "lowFP (A_fp -0.22), lowFN (A_fn -2), normalised 0 (nothing) to 100 (perfect)");
    return root;
  }

  private static void nab(ObjectNode node, NabScore nab) {
    for (int p = 0; p < NabScore.PROFILES.size(); p++) {
      node.put(NabScore.PROFILES.get(p), nab.normalised(p));
    }
  }

  private static void scores(ObjectNode node, OutlierCounts counts) {
    node.put("f1", counts.f1());
    node.put("farPercent", 100 * counts.falseAlarmRate());
    node.put("marPercent", 100 * counts.missedAlarmRate());
    node.put("tp", counts.truePositives());
    node.put("fp", counts.falsePositives());
    node.put("tn", counts.trueNegatives());
    node.put("fn", counts.falseNegatives());
  }

  private static BarChart chart(SkabEvaluation.Report report) {
    List<String> names = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (SkabEvaluation.DetectorResult detector : report.detectors()) {
      names.add(detector.detector());
      OutlierCounts pooled = detector.pooled();
      rows.add(
          new double[] {
            100 * pooled.f1(), 100 * pooled.falseAlarmRate(), 100 * pooled.missedAlarmRate()
          });
    }
    LEADERBOARD.forEach(
        (name, figures) -> {
          names.add(name + " (SKAB)");
          rows.add(new double[] {100 * figures[0], figures[1], figures[2]});
        });
    Map<String, double[]> series = new LinkedHashMap<>();
    String[] labels = {"F1 x100", "false alarms %", "missed alarms %"};
    for (int s = 0; s < labels.length; s++) {
      double[] values = new double[names.size()];
      for (int i = 0; i < names.size(); i++) {
        values[i] = rows.get(i)[s];
      }
      series.put(labels[s], values);
    }
    return new BarChart(
        "SKAB outlier protocol, pooled: this run vs the published leaderboard", "%", names, series);
  }

  private static Map<String, Double> nabLeaderboard() {
    Map<String, Double> board = new LinkedHashMap<>();
    board.put("MSCRED", 32.42);
    board.put("Isolation forest", 26.16);
    board.put("T2+Q (PCA)", 25.35);
    return java.util.Collections.unmodifiableMap(board);
  }

  private static Map<String, double[]> leaderboard() {
    Map<String, double[]> board = new LinkedHashMap<>();
    board.put("Conv-AE", new double[] {0.78, 13.55, 28.02});
    board.put("MSET", new double[] {0.78, 39.73, 14.13});
    board.put("T2+Q (PCA)", new double[] {0.76, 26.62, 24.92});
    return java.util.Collections.unmodifiableMap(board);
  }
}
