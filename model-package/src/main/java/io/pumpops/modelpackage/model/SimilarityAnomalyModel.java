package io.pumpops.modelpackage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A similarity-based state estimator in the manner of MSET (the multivariate state estimation
 * technique of nuclear and power-plant monitoring): a memory of healthy states, and for each new
 * row the estimate of it that the memory can give; the anomaly statistic is the squared residual
 * between the row and that estimate.
 *
 * <p>Unlike PCA it assumes no linear structure: a pump that runs at a few distinct operating points
 * is a few clouds, not a plane, and a row between two clouds that no healthy pump occupies has a
 * large residual even when it lies on their plane. It is kernel ridge regression of the row on
 * itself through the memory: with {@code D} the memory (standardised rows), {@code k(x)} the
 * Gaussian similarity of {@code x} to each memory vector and {@code G} the memory's similarity to
 * itself, the estimate is {@code x̂ = Dᵀ (G + ridge·I)⁻¹ k(x)}. A row far from every memory vector
 * gets an estimate near the training mean, so its residual is its whole distance from it: never
 * NaN.
 *
 * <p>Fitting is deterministic: the memory is every {@code stride}-th training row, the bandwidth
 * the median distance between memory vectors, the inverse a Cholesky solve in a fixed order. The
 * training rows left out of the memory are the rows the control limit is read from, so the limit
 * comes from rows the estimator never stored (a memory row reconstructs itself almost exactly).
 *
 * @param featureNames model inputs, in order
 * @param mean per feature, the training mean
 * @param scale per feature, the training standard deviation (1 for a feature constant in training)
 * @param memory the stored healthy states, standardised
 * @param weights {@code (G + ridge·I)⁻¹ D}: maps similarities to the memory onto the estimate
 * @param bandwidth the Gaussian kernel's width, in standardised units
 * @param residualLimit the control limit of the squared residual
 */
public record SimilarityAnomalyModel(
    List<String> featureNames,
    double[] mean,
    double[] scale,
    double[][] memory,
    double[][] weights,
    double bandwidth,
    double residualLimit)
    implements AnomalyModel {

  /** The name under which lineage, manifests and reports know this family. */
  public static final String FAMILY = "similarity";

  /**
   * @param memorySize at most this many training rows are stored (at most half of them, so the rest
   *     can set the limit)
   * @param limitQuantile quantile of the held-out training rows' residuals taken as the control
   *     limit
   * @param controlLimit how that quantile is read off them
   */
  public record Settings(int memorySize, double limitQuantile, ControlLimit controlLimit)
      implements ModelFamily {
    public Settings {
      if (memorySize < 2 || !(limitQuantile > 0.5 && limitQuantile < 1) || controlLimit == null) {
        throw new IllegalArgumentException(
            "need memorySize >= 2, 0.5 < limitQuantile < 1 and a control limit: "
                + memorySize
                + ", "
                + limitQuantile
                + ", "
                + controlLimit);
      }
    }

    /**
     * 100 memory vectors, limits at the 99.5th percentile of the held-out rows, as PCA's defaults.
     */
    public static Settings defaults() {
      return new Settings(100, 0.995, ControlLimit.EMPIRICAL);
    }

    /** Lineage's entries; missing ones take the defaults. */
    static Settings fromConfig(Map<String, String> config) {
      Settings defaults = defaults();
      return new Settings(
          (int) ModelFamily.number(config, "memorySize", defaults.memorySize()),
          ModelFamily.number(config, "limitQuantile", defaults.limitQuantile()),
          ModelFamily.controlLimit(config));
    }

    @Override
    public String name() {
      return FAMILY;
    }

    @Override
    public SimilarityAnomalyModel fit(List<String> featureNames, List<double[]> rows) {
      return SimilarityAnomalyModel.fit(featureNames, rows, this);
    }

    @Override
    public Map<String, String> asConfig() {
      return ModelFamily.config(
          FAMILY, limitQuantile, controlLimit, "memorySize", Integer.toString(memorySize));
    }
  }

  /** One row's residual, its ratio to the limit (1 = alarm level) and the verdict. */
  public record Score(double residual, double score, boolean anomaly) {}

  /** Regularises the kernel matrix, whose near-duplicate memory rows make it close to singular. */
  static final double RIDGE = 1e-6;

  public SimilarityAnomalyModel {
    featureNames = List.copyOf(featureNames);
  }

  /** Fits to rows of feature values (no NaN); needs at least four rows. */
  public static SimilarityAnomalyModel fit(
      List<String> featureNames, List<double[]> rows, Settings settings) {
    int n = rows.size();
    if (n < 4) {
      throw new IllegalArgumentException(
          "need at least 4 training rows for a memory and a limit, not " + n);
    }
    Standardiser standardiser = Standardiser.fit(rows, featureNames.size());
    int stride = Math.max(2, (n + settings.memorySize() - 1) / settings.memorySize());
    List<double[]> memoryRows = new ArrayList<>();
    List<double[]> heldOut = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] z = standardiser.apply(rows.get(i));
      (i % stride == 0 ? memoryRows : heldOut).add(z);
    }
    double[][] memory = memoryRows.toArray(double[][]::new);
    double bandwidth = medianDistance(memory);
    double[][] gram = new double[memory.length][memory.length];
    for (int a = 0; a < memory.length; a++) {
      for (int b = 0; b < memory.length; b++) {
        gram[a][b] = kernel(memory[a], memory[b], bandwidth) + (a == b ? RIDGE : 0);
      }
    }
    double[][] weights = Cholesky.solve(gram, memory);
    SimilarityAnomalyModel unlimited =
        new SimilarityAnomalyModel(
            featureNames, standardiser.mean(), standardiser.scale(), memory, weights, bandwidth, 1);
    double[] residuals = new double[heldOut.size()];
    for (int i = 0; i < residuals.length; i++) {
      residuals[i] = unlimited.residualOfStandardised(heldOut.get(i));
    }
    double limit = settings.controlLimit().of(residuals, settings.limitQuantile());
    return new SimilarityAnomalyModel(
        featureNames,
        standardiser.mean(),
        standardiser.scale(),
        memory,
        weights,
        bandwidth,
        limit > 1e-12 ? limit : 1e-12);
  }

  public Score score(double[] row) {
    double residual = residualOfStandardised(new Standardiser(mean, scale).apply(row));
    double score = residual / residualLimit;
    return new Score(residual, score, score > 1);
  }

  public List<Score> score(List<double[]> rows) {
    List<Score> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(score(r)));
    return out;
  }

  public int memorySize() {
    return memory.length;
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public double scoreOf(double[] row) {
    return score(row).score();
  }

  @Override
  public Map<String, Double> summary() {
    return new TreeMap<>(
        Map.of(
            "memorySize",
            (double) memorySize(),
            "bandwidth",
            bandwidth,
            "residualLimit",
            residualLimit));
  }

  private double residualOfStandardised(double[] z) {
    double[] estimate = new double[z.length];
    for (int m = 0; m < memory.length; m++) {
      double similarity = kernel(z, memory[m], bandwidth);
      for (int j = 0; j < z.length; j++) {
        estimate[j] += similarity * weights[m][j];
      }
    }
    double residual = 0;
    for (int j = 0; j < z.length; j++) {
      double r = z[j] - estimate[j];
      residual += r * r;
    }
    return residual;
  }

  static double kernel(double[] a, double[] b, double bandwidth) {
    double squared = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      squared += d * d;
    }
    return Math.exp(-squared / (2 * bandwidth * bandwidth));
  }

  /** The median distance between distinct memory vectors: the usual scale-free choice of width. */
  private static double medianDistance(double[][] memory) {
    double[] distances = new double[memory.length * (memory.length - 1) / 2];
    int k = 0;
    for (int a = 0; a < memory.length; a++) {
      for (int b = a + 1; b < memory.length; b++) {
        double squared = 0;
        for (int j = 0; j < memory[a].length; j++) {
          double d = memory[a][j] - memory[b][j];
          squared += d * d;
        }
        distances[k++] = Math.sqrt(squared);
      }
    }
    Arrays.sort(distances);
    double median = distances.length == 0 ? 1 : distances[distances.length / 2];
    return median > 1e-9 ? median : 1;
  }
}
