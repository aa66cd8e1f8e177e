package io.pumpops.features.drift;

import java.util.Arrays;
import java.util.Optional;

/**
 * A {@link Relation} as the reference saw it: the least-squares fit of the target on the given
 * feature (a quadratic, the shape of a pump curve), and the profile of what the fit leaves over
 * (the residuals), calibrated like any feature's.
 *
 * <p>The fit is the model's, not the fleet's for ever: each champion carries its own, so a retrain
 * on new data brings a new fit and drift is judged against what that model learned.
 *
 * @param target the feature judged
 * @param given the feature it is judged given
 * @param center the given feature's reference mean (the fit is in standardised units, so that it is
 *     well conditioned whatever the feature's scale)
 * @param scale the given feature's reference standard deviation (1 when it had none)
 * @param coefficients c0, c1, c2 of target ≈ c0 + c1·z + c2·z², z = (given − center) / scale
 * @param residuals the profile of target − fit over the reference rows
 */
public record RelationProfile(
    String target,
    String given,
    double center,
    double scale,
    double[] coefficients,
    FeatureProfile residuals) {

  /** Fewer reference rows than this give no fit worth judging by. */
  public static final int MIN_ROWS = 30;

  public RelationProfile {
    new Relation(target, given); // validates the names
    if (coefficients.length != 3
        || !Arrays.stream(coefficients).allMatch(Double::isFinite)
        || !Double.isFinite(center)
        || !(scale > 0)) {
      throw new IllegalArgumentException(
          "relation "
              + target
              + Relation.SEPARATOR
              + given
              + " needs three finite coefficients and a positive scale");
    }
    coefficients = coefficients.clone();
  }

  /** {@code target|given}, the feature name of its drift statistics. */
  public String name() {
    return new Relation(target, given).name();
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /**
   * Fits the relation on reference rows and profiles its residuals, calibrating their limits when a
   * calibration is given; empty when fewer than {@link #MIN_ROWS} rows have both values.
   *
   * @param targetValues the target feature per reference row
   * @param givenValues the given feature per reference row, same order
   * @param times each row's window start (epoch millis), for the calibration's blocks
   * @param calibration how to calibrate the residuals' limits; null for none
   */
  public static Optional<RelationProfile> fit(
      Relation relation,
      double[] targetValues,
      double[] givenValues,
      long[] times,
      DriftCalibration calibration) {
    int n = 0;
    double sum = 0;
    for (int i = 0; i < targetValues.length; i++) {
      if (Double.isFinite(targetValues[i]) && Double.isFinite(givenValues[i])) {
        n++;
        sum += givenValues[i];
      }
    }
    if (n < MIN_ROWS) {
      return Optional.empty();
    }
    double center = sum / n;
    double squares = 0;
    for (int i = 0; i < targetValues.length; i++) {
      if (Double.isFinite(targetValues[i]) && Double.isFinite(givenValues[i])) {
        squares += (givenValues[i] - center) * (givenValues[i] - center);
      }
    }
    double std = Math.sqrt(squares / (n - 1));
    double scale = std > 0 ? std : 1;
    // Normal equations of y ≈ c0 + c1 z + c2 z², solved in place; a tiny ridge on c1 and c2 keeps
    // them solvable when the given feature hardly moved in the reference (the fit is then a
    // constant, as it should be).
    double[][] a = new double[3][4];
    for (int i = 0; i < targetValues.length; i++) {
      if (Double.isFinite(targetValues[i]) && Double.isFinite(givenValues[i])) {
        double z = (givenValues[i] - center) / scale;
        double[] basis = {1, z, z * z};
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            a[r][c] += basis[r] * basis[c];
          }
          a[r][3] += basis[r] * targetValues[i];
        }
      }
    }
    a[1][1] += 1e-9 * n;
    a[2][2] += 1e-9 * n;
    double[] coefficients = solve(a);
    double[] residuals = residuals(center, scale, coefficients, targetValues, givenValues);
    FeatureProfile profile =
        FeatureProfile.of(
            relation.name(),
            residuals,
            FeatureProfile.DEFAULT_BINS,
            FeatureProfile.DEFAULT_QUANTILES);
    if (calibration != null) {
      profile = calibration.limits(residuals, times).map(profile::withLimits).orElse(profile);
    }
    return Optional.of(
        new RelationProfile(
            relation.target(), relation.given(), center, scale, coefficients, profile));
  }

  /**
   * What the fit leaves over of each row's target: NaN where either value is missing (drift
   * statistics skip those).
   */
  public double[] residuals(double[] targetValues, double[] givenValues) {
    if (targetValues.length != givenValues.length) {
      throw new IllegalArgumentException(
          name()
              + ": "
              + targetValues.length
              + " target values for "
              + givenValues.length
              + " given values");
    }
    return residuals(center, scale, coefficients, targetValues, givenValues);
  }

  private static double[] residuals(
      double center, double scale, double[] c, double[] targetValues, double[] givenValues) {
    double[] out = new double[targetValues.length];
    for (int i = 0; i < out.length; i++) {
      double z = (givenValues[i] - center) / scale;
      out[i] = targetValues[i] - (c[0] + c[1] * z + c[2] * z * z);
    }
    return out;
  }

  /** Gaussian elimination with partial pivoting of a 3×3 system written as [A | b]. */
  private static double[] solve(double[][] a) {
    int n = 3;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= n; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = a[r][n];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelationProfile p
        && target.equals(p.target)
        && given.equals(p.given)
        && Double.compare(center, p.center) == 0
        && Double.compare(scale, p.scale) == 0
        && Arrays.equals(coefficients, p.coefficients)
        && residuals.equals(p.residuals);
  }

  @Override
  public int hashCode() {
    return name().hashCode() * 31 + Arrays.hashCode(coefficients);
  }

  @Override
  public String toString() {
    return "RelationProfile["
        + name()
        + ", coefficients="
        + Arrays.toString(coefficients)
        + ", residuals="
        + residuals
        + "]";
  }
}
