package io.pumpops.modelpackage.model;

import java.util.List;

/**
 * Per-feature centring and scaling with the training mean and standard deviation, shared by every
 * model family so that they all read a feature in the same units.
 */
record Standardiser(double[] mean, double[] scale) {

  static Standardiser fit(List<double[]> rows, int features) {
    int n = rows.size();
    double[] mean = new double[features];
    double[] scale = new double[features];
    for (int j = 0; j < features; j++) {
      double sum = 0;
      for (double[] row : rows) {
        sum += row[j];
      }
      mean[j] = sum / n;
      double ss = 0;
      for (double[] row : rows) {
        ss += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
      double std = Math.sqrt(ss / (n - 1));
      // Constant in training: any change is news, measured in the feature's own units.
      scale[j] = std > 1e-9 * Math.max(1, Math.abs(mean[j])) ? std : 1;
    }
    return new Standardiser(mean, scale);
  }

  double[] apply(double[] row) {
    double[] z = new double[row.length];
    for (int i = 0; i < row.length; i++) {
      z[i] = (row[i] - mean[i]) / scale[i];
    }
    return z;
  }
}
