package io.pumpops.features.drift;

import java.util.Arrays;

/**
 * Drift statistics of a current sample of one feature against its reference profile.
 *
 * @param sampleSize finite values in the current sample
 * @param psi Population Stability Index over the reference bins; empty bins count as {@link
 *     #PSI_EPSILON}
 * @param ksStatistic two-sample Kolmogorov-Smirnov statistic D in [0, 1]
 * @param ksPValue asymptotic p-value of D (Kolmogorov distribution, Stephens' small-sample
 *     correction)
 * @param wasserstein Wasserstein-1 distance divided by the reference standard deviation; infinite
 *     when the reference is constant and the current sample is not
 * @param jensenShannon Jensen-Shannon distance (square root of the base-2 divergence) over the
 *     bins, in [0, 1]
 */
public record DriftStatistics(
    int sampleSize,
    double psi,
    double ksStatistic,
    double ksPValue,
    double wasserstein,
    double jensenShannon) {

  /**
   * Share given to an empty bin in PSI, which would otherwise be infinite: 10⁻⁴, as Evidently uses.
   * It caps one empty bin's contribution at about 0.1·ln(1000) ≈ 0.7 for a 10 % bin.
   */
  public static final double PSI_EPSILON = 1e-4;

  /** All statistics NaN: an empty current sample. */
  public static final DriftStatistics EMPTY =
      new DriftStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Compares a current sample (NaN values left out) with the reference. */
  public static DriftStatistics of(FeatureProfile reference, double[] current) {
    double[] sorted = Arrays.stream(current).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      return EMPTY;
    }
    long[] currentCounts = FeatureProfile.histogram(reference.binEdges(), sorted);
    double[] p = shares(reference.binCounts());
    double[] q = shares(currentCounts);
    double ks = ksStatistic(reference.quantiles(), sorted);
    double wasserstein = wasserstein(reference, sorted);
    return new DriftStatistics(
        sorted.length,
        psi(p, q),
        ks,
        ksPValue(ks, reference.sampleSize(), sorted.length),
        wasserstein,
        jensenShannon(p, q));
  }

  /** Whether any statistic crosses its threshold. */
  public boolean drifted(DriftThresholds t) {
    return psi >= t.psi()
        || ksPValue < t.ksPValue()
        || wasserstein >= t.wasserstein()
        || jensenShannon >= t.jensenShannon();
  }

  private static double[] shares(long[] counts) {
    double total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
  }

  static double psi(double[] reference, double[] current) {
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(reference[i], PSI_EPSILON);
      double c = Math.max(current[i], PSI_EPSILON);
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }

  static double jensenShannon(double[] p, double[] q) {
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      divergence += term(p[i], m) / 2 + term(q[i], m) / 2;
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  private static double term(double x, double m) {
    return x == 0 ? 0 : x * Math.log(x / m) / Math.log(2);
  }

  /**
   * sup |F_ref − F_cur|, with the reference CDF read from its stored quantile function (so the
   * statistic is exact up to that resolution).
   */
  static double ksStatistic(double[] referenceQuantiles, double[] sortedCurrent) {
    double[] points = new double[referenceQuantiles.length + sortedCurrent.length];
    System.arraycopy(referenceQuantiles, 0, points, 0, referenceQuantiles.length);
    System.arraycopy(sortedCurrent, 0, points, referenceQuantiles.length, sortedCurrent.length);
    Arrays.sort(points);
    double d = 0;
    for (double x : points) {
      d = Math.max(d, Math.abs(cdf(referenceQuantiles, x) - cdf(sortedCurrent, x)));
    }
    return d;
  }

  private static double cdf(double[] sorted, double x) {
    int i = Arrays.binarySearch(sorted, x);
    if (i < 0) {
      return (double) (-i - 1) / sorted.length;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == x) {
      i++;
    }
    return (double) (i + 1) / sorted.length;
  }

  /**
   * P(D ≥ d) for samples of sizes n and m: the Kolmogorov distribution with Stephens' correction.
   */
  static double ksPValue(double d, long n, long m) {
    double effective = (double) n * m / (n + m);
    double sqrt = Math.sqrt(effective);
    return kolmogorovSurvival((sqrt + 0.12 + 0.11 / sqrt) * d);
  }

  /** Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), clamped to [0, 1]. */
  static double kolmogorovSurvival(double lambda) {
    if (lambda < 1e-3) {
      return 1.0;
    }
    double sum = 0;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * lambda * lambda);
      sum += (k % 2 == 1 ? term : -term);
      if (term < 1e-12) {
        break;
      }
    }
    return Math.max(0, Math.min(1, 2 * sum));
  }

  /**
   * ∫ |F_ref⁻¹(u) − F_cur⁻¹(u)| du over the reference's quantile grid, divided by the reference
   * std.
   */
  static double wasserstein(FeatureProfile reference, double[] sortedCurrent) {
    double[] q = reference.quantiles();
    double distance = 0;
    for (int i = 0; i < q.length; i++) {
      distance += Math.abs(q[i] - FeatureProfile.quantile(sortedCurrent, (i + 0.5) / q.length));
    }
    distance /= q.length;
    if (reference.std() > 0) {
      return distance / reference.std();
    }
    return distance == 0 ? 0 : Double.POSITIVE_INFINITY;
  }
}
