package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.simulator.SkabRecording;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The production model as a gateway runs it: PCA T²+Q on the FeatureSpec's features (computed by
 * the features library) of a window of readings. For point-wise verdicts each row is judged by the
 * window of {@code spec.window()} that ends with it, so a verdict uses only the past.
 *
 * <p>Fitting uses the windows that lie wholly in the fitting rows. A window whose features are
 * incomplete (flow near zero leaves current-per-flow undefined) is not fitted on and is judged
 * normal: the gateway cannot score it either.
 */
public final class WindowPcaDetector implements Detector {

  private final FeatureSpec spec;
  private final PcaAnomalyModel.Settings settings;

  /**
   * Windows of healthy recordings fitted on besides each file's own first rows (the enough-data
   * protocol).
   */
  private final List<double[]> referenceWindows;

  private final String references;

  /**
   * Share of the healthy windows (the latest) held out to set the limits on; 0 = limits from the
   * fitted windows.
   */
  private final double heldOut;

  /** SKAB's protocol as published: fit on each file's first rows only. */
  public WindowPcaDetector(FeatureSpec spec, PcaAnomalyModel.Settings settings) {
    this(spec, settings, List.of(), 0);
  }

  /**
   * The enough-data protocol: fit on every window of these healthy recordings (SKAB's {@code
   * anomaly-free.csv}, 2 h 46 min) as well as on each file's first rows, because the first rows
   * alone hold about six independent windows for 68 features. The test rows are the same.
   */
  public WindowPcaDetector(
      FeatureSpec spec, PcaAnomalyModel.Settings settings, List<SkabRecording> healthy) {
    this(spec, settings, healthy, 0);
  }

  /**
   * The enough-data protocol with limits calibrated on a validation slice: the latest {@code
   * heldOut} share of the healthy windows is not fitted on, and the limits are its T² and Q
   * quantiles (issue 21: limits from data the model did not fit).
   */
  public WindowPcaDetector(
      FeatureSpec spec,
      PcaAnomalyModel.Settings settings,
      List<SkabRecording> healthy,
      double heldOut) {
    if (heldOut < 0 || heldOut >= 1) {
      throw new IllegalArgumentException("held-out share must be in [0, 1), not " + heldOut);
    }
    this.spec = spec;
    this.settings = settings;
    this.heldOut = heldOut;
    this.referenceWindows = new ArrayList<>();
    for (SkabRecording recording : healthy) {
      List<SkabRecording.Row> rows = recording.rows();
      for (int i = 0; i < rows.size(); i++) {
        if (millis(rows.get(i)) - millis(rows.get(0)) >= spec.window().toMillis()) {
          double[] features = trailingWindow(rows, i, spec.window().toMillis());
          if (complete(features)) {
            referenceWindows.add(features);
          }
        }
      }
    }
    this.references = healthy.stream().map(SkabRecording::name).toList().toString();
  }

  @Override
  public String name() {
    return referenceWindows.isEmpty()
        ? "pca-t2-q/windows"
        : "pca-t2-q/windows+anomaly-free" + (heldOut > 0 ? "/held-out-limits" : "");
  }

  @Override
  public String description() {
    return "PCA T²+Q on the "
        + spec.featureNames().size()
        + " features of FeatureSpec "
        + spec.version()
        + " over the "
        + spec.window().toSeconds()
        + " s ending at each reading (the production model); limits at the "
        + settings.limitQuantile()
        + " quantile, "
        + settings.varianceToKeep()
        + " of the variance kept"
        + (referenceWindows.isEmpty()
            ? ""
            : "; fitted on the "
                + referenceWindows.size()
                + " windows of "
                + references
                + " as well as on each file's fitting rows (enough-data protocol)"
                + (heldOut > 0
                    ? "; the latest "
                        + Math.round(100 * heldOut)
                        + " % of those windows held out and the limits"
                        + " set on them"
                    : ""));
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    long windowMillis = spec.window().toMillis();
    int fitted = (int) Math.round(referenceWindows.size() * (1 - heldOut));
    List<double[]> train = new ArrayList<>(referenceWindows.subList(0, fitted));
    List<double[]> validation = referenceWindows.subList(fitted, referenceWindows.size());
    for (int i = 0; i < trainRows; i++) {
      if (millis(rows.get(i)) - millis(rows.get(0)) >= windowMillis) {
        double[] features = trailingWindow(rows, i, windowMillis);
        if (complete(features)) {
          train.add(features);
        }
      }
    }
    if (train.size() <= spec.featureNames().size()) {
      throw new IllegalArgumentException(
          "only "
              + train.size()
              + " complete "
              + spec.window().toSeconds()
              + " s windows in the first "
              + trainRows
              + " rows, fewer than the "
              + spec.featureNames().size()
              + " features: give more fitting rows (--train-rows)");
    }
    PcaAnomalyModel model = PcaAnomalyModel.fit(spec.featureNames(), train, settings);
    if (!validation.isEmpty()) {
      model = model.calibratedOn(validation, settings.limitQuantile());
    }
    boolean[] verdicts = new boolean[rows.size() - trainRows];
    for (int i = trainRows; i < rows.size(); i++) {
      double[] features = trailingWindow(rows, i, windowMillis);
      verdicts[i - trainRows] = complete(features) && model.score(features).anomaly();
    }
    return verdicts;
  }

  /** Features of the readings in (time of row {@code last} − window, time of row {@code last}]. */
  private double[] trailingWindow(List<SkabRecording.Row> rows, int last, long windowMillis) {
    long end = millis(rows.get(last));
    WindowAggregate aggregate = new WindowAggregate(end - windowMillis);
    for (int i = last; i >= 0 && millis(rows.get(i)) > end - windowMillis; i--) {
      aggregate.add(millis(rows.get(i)), rows.get(i).channels());
    }
    return aggregate.vector(spec);
  }

  private static long millis(SkabRecording.Row row) {
    return row.offset().toMillis();
  }

  private static boolean complete(double[] features) {
    return Arrays.stream(features).allMatch(Double::isFinite);
  }
}
