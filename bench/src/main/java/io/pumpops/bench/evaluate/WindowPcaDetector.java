package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.localstack.simulator.SkabRecording;
import io.pumpops.training.model.PcaAnomalyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The production model as a gateway runs it: PCA T²+Q on the FeatureSpec's features (computed by
 * the features library) of a window of readings. For point-wise verdicts each row is judged by
 * the window of {@code spec.window()} that ends with it, so a verdict uses only the past.
 *
 * <p>Fitting uses the windows that lie wholly in the fitting rows. A window whose features are
 * incomplete (flow near zero leaves current-per-flow undefined) is not fitted on and is judged
 * normal: the gateway cannot score it either.
 */
public final class WindowPcaDetector implements Detector {

  private final FeatureSpec spec;
  private final PcaAnomalyModel.Settings settings;

  public WindowPcaDetector(FeatureSpec spec, PcaAnomalyModel.Settings settings) {
    this.spec = spec;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "pca-t2-q/windows";
  }

  @Override
  public String description() {
    return "PCA T²+Q on the " + spec.featureNames().size() + " features of FeatureSpec " + spec.version() + " over the "
        + spec.window().toSeconds() + " s ending at each reading (the production model); limits at the "
        + settings.limitQuantile() + " quantile, " + settings.varianceToKeep() + " of the variance kept";
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    long windowMillis = spec.window().toMillis();
    List<double[]> train = new ArrayList<>();
    for (int i = 0; i < trainRows; i++) {
      if (millis(rows.get(i)) - millis(rows.get(0)) >= windowMillis) {
        double[] features = trailingWindow(rows, i, windowMillis);
        if (complete(features)) {
          train.add(features);
        }
      }
    }
    if (train.size() <= spec.featureNames().size()) {
      throw new IllegalArgumentException("only " + train.size() + " complete " + spec.window().toSeconds()
          + " s windows in the first " + trainRows + " rows, fewer than the " + spec.featureNames().size()
          + " features: give more fitting rows (--train-rows)");
    }
    PcaAnomalyModel model = PcaAnomalyModel.fit(spec.featureNames(), train, settings);
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
