package io.pumpops.features.drift;

import java.util.Arrays;

/**
 * The reference distribution of one feature.
 *
 * @param feature feature name
 * @param binEdges interior bin edges at reference quantiles, increasing, without duplicates; bin
 *     {@code i} holds values in {@code (binEdges[i-1], binEdges[i]]}, the first and last bins are
 *     open-ended
 * @param binCounts reference values per bin ({@code binEdges.length + 1} bins)
 * @param quantiles the reference quantile function at {@code u = (i + 0.5) / quantiles.length}
 * @param mean reference mean
 * @param std reference sample standard deviation
 * @param sampleSize number of reference values
 * @param psiLimit the PSI at which this feature counts as drifted, calibrated on the reference's
 *     own healthy variability ({@link DriftCalibration}); null for a profile that was not
 *     calibrated
 * @param wassersteinLimit the same for the Wasserstein distance (in reference standard deviations)
 */
public record FeatureProfile(
    String feature,
    double[] binEdges,
    long[] binCounts,
    double[] quantiles,
    double mean,
    double std,
    long sampleSize,
    Double psiLimit,
    Double wassersteinLimit) {

  /** Default number of histogram bins (deciles), as PSI is conventionally computed. */
  public static final int DEFAULT_BINS = 10;

  /** Default resolution of the stored quantile function (KS and Wasserstein use it). */
  public static final int DEFAULT_QUANTILES = 200;

  public FeatureProfile {
    if (psiLimit != null && !(psiLimit >= 0)
        || wassersteinLimit != null && !(wassersteinLimit >= 0)) {
      throw new IllegalArgumentException(
          "profile of "
              + feature
              + ": limits must not be negative, were "
              + psiLimit
              + " and "
              + wassersteinLimit);
    }
    if (binCounts.length != binEdges.length + 1) {
      throw new IllegalArgumentException(
          "profile of "
              + feature
              + ": "
              + binCounts.length
              + " bins for "
              + binEdges.length
              + " edges");
    }
  }

  /** Profiles a reference sample; NaN values are left out. */
  public static FeatureProfile of(String feature, double[] values, int bins, int quantilePoints) {
    double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException(
          "cannot profile feature " + feature + ": no finite reference values");
    }
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = quantile(sorted, (double) i / bins);
    }
    edges = Arrays.stream(edges).distinct().toArray();
    long[] counts = histogram(edges, sorted);
    double[] quantiles = new double[quantilePoints];
    for (int i = 0; i < quantilePoints; i++) {
      quantiles[i] = quantile(sorted, (i + 0.5) / quantilePoints);
    }
    double mean = Arrays.stream(sorted).average().orElseThrow();
    double ss = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum();
    double std = sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : 0;
    return new FeatureProfile(
        feature, edges, counts, quantiles, mean, std, sorted.length, null, null);
  }

  /** The same profile with calibrated limits. */
  public FeatureProfile withLimits(DriftCalibration.Limits limits) {
    return new FeatureProfile(
        feature,
        binEdges,
        binCounts,
        quantiles,
        mean,
        std,
        sampleSize,
        limits.psi(),
        limits.wasserstein());
  }

  /** Counts values per bin of these edges. */
  static long[] histogram(double[] edges, double[] values) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      if (Double.isFinite(v)) {
        counts[bin(edges, v)]++;
      }
    }
    return counts;
  }

  private static int bin(double[] edges, double v) {
    int i = Arrays.binarySearch(edges, v);
    // Found: v equals an edge, which closes bin i. Not found: insertion point is the bin.
    return i >= 0 ? i : -i - 1;
  }

  /** Linear-interpolation quantile of a sorted sample (type 7, as NumPy's default). */
  static double quantile(double[] sorted, double u) {
    double position = u * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureProfile p
        && feature.equals(p.feature)
        && Arrays.equals(binEdges, p.binEdges)
        && Arrays.equals(binCounts, p.binCounts)
        && Arrays.equals(quantiles, p.quantiles)
        && Double.compare(mean, p.mean) == 0
        && Double.compare(std, p.std) == 0
        && sampleSize == p.sampleSize
        && java.util.Objects.equals(psiLimit, p.psiLimit)
        && java.util.Objects.equals(wassersteinLimit, p.wassersteinLimit);
  }

  @Override
  public int hashCode() {
    return feature.hashCode() * 31 + Arrays.hashCode(quantiles);
  }

  @Override
  public String toString() {
    return "FeatureProfile["
        + feature
        + ", n="
        + sampleSize
        + ", mean="
        + mean
        + ", std="
        + std
        + (psiLimit == null
            ? ""
            : ", psiLimit=" + psiLimit + ", wassersteinLimit=" + wassersteinLimit)
        + "]";
  }
}
