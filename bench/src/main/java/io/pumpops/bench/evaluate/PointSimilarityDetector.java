package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.localstack.simulator.SkabRecording;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.ArrayList;
import java.util.List;

/** The similarity (MSET-style) family on the raw readings, one row at a time, as {@link PointPcaDetector}. */
public final class PointSimilarityDetector implements Detector {

  private final List<String> channels = FeatureSpec.PUMP_V1.channels();
  private final SimilarityAnomalyModel.Settings settings;

  public PointSimilarityDetector(SimilarityAnomalyModel.Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "similarity/points";
  }

  @Override
  public String description() {
    return "similarity (MSET-style) estimate of the 8 standardised channels from a memory of " + settings.memorySize()
        + " fitting rows; limit at the " + settings.limitQuantile() + " quantile of the fitting rows left out of the "
        + "memory (" + settings.controlLimit().key() + ")";
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    List<double[]> train = new ArrayList<>();
    for (int i = 0; i < trainRows; i++) {
      train.add(vector(rows.get(i)));
    }
    SimilarityAnomalyModel model = SimilarityAnomalyModel.fit(channels, train, settings);
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
