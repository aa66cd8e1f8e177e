package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.localstack.simulator.SkabRecording;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Our PCA T²+Q model on the raw readings, one row at a time: the setting of SKAB's own T²+Q
 * baseline (standardised channels, no windows), so its figures compare with the leaderboard's.
 */
public final class PointPcaDetector implements Detector {

  private final List<String> channels = FeatureSpec.PUMP_V1.channels();
  private final PcaAnomalyModel.Settings settings;

  public PointPcaDetector(PcaAnomalyModel.Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return settings.controlLimit() == ControlLimit.EMPIRICAL ? "pca-t2-q/points"
        : "pca-t2-q/points+" + settings.controlLimit().key() + "@" + settings.limitQuantile();
  }

  @Override
  public String description() {
    return "PCA T²+Q on the 8 standardised channels of each reading (SKAB's T²+Q setting); limits at the "
        + settings.limitQuantile() + " quantile of the fitting rows (" + settings.controlLimit().key() + "), "
        + settings.varianceToKeep() + " of the variance kept";
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    List<double[]> train = new ArrayList<>();
    for (int i = 0; i < trainRows; i++) {
      train.add(vector(rows.get(i)));
    }
    PcaAnomalyModel model = PcaAnomalyModel.fit(channels, train, settings);
    boolean[] verdicts = new boolean[rows.size() - trainRows];
    for (int i = trainRows; i < rows.size(); i++) {
      verdicts[i - trainRows] = model.score(vector(rows.get(i))).anomaly();
    }
    return verdicts;
  }

  private double[] vector(SkabRecording.Row row) {
    double[] values = new double[channels.size()];
    for (int c = 0; c < values.length; c++) {
      Double value = row.channels().get(channels.get(c));
      values[c] = value == null ? Double.NaN : value;
    }
    return values;
  }
}
