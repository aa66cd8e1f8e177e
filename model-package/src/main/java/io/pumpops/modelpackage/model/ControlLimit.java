package io.pumpops.modelpackage.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a control limit is read off a statistic's values on healthy rows.
 *
 * <ul>
 *   <li>{@link #EMPIRICAL}: the quantile of the values themselves. Exact where the data is dense,
 *       but a fleet's six hours give a few thousand windows, so a 99.95th percentile is about the
 *       largest value seen, and anything rarer cannot be asked for at all.
 *   <li>{@link #SCALED_CHI_SQUARE}: Box's approximation, long used for PCA's T² and Q limits: the
 *       statistic is taken as g·χ²(h), with g and h matched to its mean and variance, and the limit
 *       is that distribution's quantile. Two moments are estimated far more steadily than an
 *       extreme quantile, and the quantile can be as rare as the operator's budget of false alarms
 *       needs (one window in a million), beyond the largest value in the data.
 * </ul>
 */
public enum ControlLimit {
  EMPIRICAL,
  SCALED_CHI_SQUARE;

  /** The limit at quantile {@code u} of {@code values}. */
  public double of(double[] values, double u) {
    return switch (this) {
      case EMPIRICAL -> quantile(values, u);
      case SCALED_CHI_SQUARE -> scaledChiSquare(values, u);
    };
  }

  /** As configuration and lineage write it: {@code empirical} or {@code scaled-chi-square}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ControlLimit parse(String key) {
    for (ControlLimit limit : values()) {
      if (limit.key().equals(key)) {
        return limit;
      }
    }
    throw new IllegalArgumentException(
        "unknown control limit '" + key + "': empirical or scaled-chi-square");
  }

  /** Linear-interpolation quantile (type 7), as the features library computes its quantiles. */
  static double quantile(double[] values, double u) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = u * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
  }

  static double scaledChiSquare(double[] values, double u) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double variance = ss / Math.max(1, values.length - 1);
    if (!(mean > 0) || !(variance > 0)) {
      return quantile(values, u); // a constant statistic: nothing to fit
    }
    double g = variance / (2 * mean);
    double h = 2 * mean * mean / variance;
    return g * chiSquareQuantile(h, u);
  }

  /**
   * Wilson and Hilferty's cube-root normal approximation of the χ²(h) quantile; within a percent in
   * the upper tail for h ≥ 1, which is far inside the uncertainty of the fitted g and h.
   */
  static double chiSquareQuantile(double h, double u) {
    double a = 2 / (9 * h);
    double cube = 1 - a + normalQuantile(u) * Math.sqrt(a);
    return h * Math.max(0, cube * cube * cube);
  }

  /**
   * Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).
   */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a quantile needs 0 < p < 1, got " + p);
    }
    double[] a = {
      -3.969683028665376e+01,
      2.209460984245205e+02,
      -2.759285104469687e+02,
      1.383577518672690e+02,
      -3.066479806614716e+01,
      2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03,
      -3.223964580411365e-01,
      -2.400758277161838e+00,
      -2.549732539343734e+00,
      4.374664141464968e+00,
      2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -normalQuantile(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
