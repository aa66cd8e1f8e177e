package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.simulator.SkabRecording;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A model family on the raw readings, one row at a time (SKAB's own setting: standardised channels,
 * no windows): fitted on the 8 channels of the fitting rows, then a verdict per later reading.
 */
abstract class PointDetector implements Detector {

  private final List<String> channels = FeatureSpec.PUMP_V1.channels();

  /** Fits the family to the fitting rows; the result says whether a reading is an anomaly. */
  abstract Predicate<double[]> fit(List<String> channels, List<double[]> train);

  @Override
  public final boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    List<double[]> train = new ArrayList<>();
    for (int i = 0; i < trainRows; i++) {
      train.add(vector(rows.get(i)));
    }
    Predicate<double[]> anomaly = fit(channels, train);
    boolean[] verdicts = new boolean[rows.size() - trainRows];
    for (int i = trainRows; i < rows.size(); i++) {
      verdicts[i - trainRows] = anomaly.test(vector(rows.get(i)));
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
