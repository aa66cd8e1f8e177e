package io.pumpops.modelpackage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classic multivariate statistical process control model: standardise each feature with the
 * training mean and standard deviation, project onto the principal components that explain {@code
 * varianceToKeep} of the variance, and score each row with
 *
 * <ul>
 *   <li>Hotelling's T², Σ tᵢ²/λᵢ over the kept components: how unusual the row is <i>within</i> the
 *       normal operating space (for example an unusually high but consistent load);
 *   <li>Q, the squared prediction error ‖z − PPᵀz‖²: how far the row is <i>outside</i> it (the
 *       channels no longer move together, as when a sensor drifts or a seal leaks).
 * </ul>
 *
 * Each has a control limit at the {@code limitQuantile} of its values on the training rows, read
 * off as the settings' {@link ControlLimit} says: the empirical quantile, or the quantile of a
 * scaled χ² matched to the values' mean and variance (no Gaussian assumption about the features,
 * only about the shape of the statistic's tail). The anomaly score is the larger of T²/T²limit and
 * Q/Qlimit, so 1 is the alarm level of either.
 *
 * <p>Fitting is deterministic: no randomness at all, a fixed summation order, and a Jacobi
 * eigen-solver with a sign convention ({@link SymmetricEigen}).
 *
 * @param featureNames model inputs, in order (the FeatureSpec's order)
 * @param mean per feature, the training mean
 * @param scale per feature, the training standard deviation (1 for a feature constant in training)
 * @param components {@code components[j]} is the j-th principal direction (unit length, in z units)
 * @param eigenvalues variance along each kept component
 */
public record PcaAnomalyModel(
    List<String> featureNames,
    double[] mean,
    double[] scale,
    double[][] components,
    double[] eigenvalues,
    double t2Limit,
    double qLimit)
    implements AnomalyModel {

  /** The name under which lineage, manifests and reports know this family. */
  public static final String FAMILY = "pca-t2-q";

  /**
   * @param varianceToKeep share of the standardised variance the kept components explain
   * @param limitQuantile quantile of the training T² and Q taken as their control limits
   * @param controlLimit how that quantile is read off the training values
   */
  public record Settings(double varianceToKeep, double limitQuantile, ControlLimit controlLimit)
      implements ModelFamily {
    public Settings {
      if (!(varianceToKeep > 0 && varianceToKeep <= 1)
          || !(limitQuantile > 0.5 && limitQuantile < 1)) {
        throw new IllegalArgumentException(
            "need 0 < varianceToKeep <= 1 and 0.5 < limitQuantile < 1: " + this);
      }
      if (controlLimit == null) {
        throw new IllegalArgumentException("a control limit method is needed: " + this);
      }
    }

    /** Empirical limits, as every model before {@link ControlLimit} had. */
    public Settings(double varianceToKeep, double limitQuantile) {
      this(varianceToKeep, limitQuantile, ControlLimit.EMPIRICAL);
    }

    /** 90 % of the variance, limits at the 99.5th percentile of the training scores. */
    public static Settings defaults() {
      return new Settings(0.9, 0.995);
    }

    /** Lineage's entries; missing ones take the defaults. */
    static Settings fromConfig(Map<String, String> config) {
      Settings defaults = defaults();
      return new Settings(
          ModelFamily.number(config, "varianceToKeep", defaults.varianceToKeep()),
          ModelFamily.number(config, "limitQuantile", defaults.limitQuantile()),
          ModelFamily.controlLimit(config));
    }

    @Override
    public String name() {
      return FAMILY;
    }

    @Override
    public PcaAnomalyModel fit(List<String> featureNames, List<double[]> rows) {
      return PcaAnomalyModel.fit(featureNames, rows, this);
    }

    @Override
    public Map<String, String> asConfig() {
      return ModelFamily.config(
          FAMILY, limitQuantile, controlLimit, "varianceToKeep", Double.toString(varianceToKeep));
    }
  }

  /** One row's statistics. */
  public record Score(double t2, double q, double score, boolean anomaly) {}

  public PcaAnomalyModel {
    featureNames = List.copyOf(featureNames);
  }

  /** Fits to rows of feature values (no NaN: the caller drops or fails incomplete rows). */
  public static PcaAnomalyModel fit(
      List<String> featureNames, List<double[]> rows, Settings settings) {
    int n = rows.size();
    int f = featureNames.size();
    if (n < f + 1) {
      throw new IllegalArgumentException(
          "need more training rows than features: " + n + " rows, " + f + " features");
    }
    Standardiser standardiser = Standardiser.fit(rows, f);
    double[] mean = standardiser.mean();
    double[] scale = standardiser.scale();
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      z[i] = standardiser.apply(rows.get(i));
    }
    double[][] covariance = new double[f][f];
    for (int a = 0; a < f; a++) {
      for (int b = a; b < f; b++) {
        double sum = 0;
        for (double[] row : z) {
          sum += row[a] * row[b];
        }
        covariance[a][b] = sum / (n - 1);
        covariance[b][a] = covariance[a][b];
      }
    }
    SymmetricEigen eigen = SymmetricEigen.of(covariance);
    double total = Arrays.stream(eigen.values()).map(v -> Math.max(0, v)).sum();
    int keep = 0;
    double explained = 0;
    while (keep < f
        && eigen.values()[keep] > 1e-12
        && (keep == 0 || explained < settings.varianceToKeep() * total)) {
      explained += eigen.values()[keep];
      keep++;
    }
    double[][] components = Arrays.copyOf(eigen.vectors(), keep);
    double[] eigenvalues = Arrays.copyOf(eigen.values(), keep);
    PcaAnomalyModel unlimited =
        new PcaAnomalyModel(featureNames, mean, scale, components, eigenvalues, 1, 1);
    double[] t2 = new double[n];
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      Score s = unlimited.score(rows.get(i));
      t2[i] = s.t2();
      q[i] = s.q();
    }
    ControlLimit limit = settings.controlLimit();
    return new PcaAnomalyModel(
        featureNames,
        mean,
        scale,
        components,
        eigenvalues,
        positive(limit.of(t2, settings.limitQuantile())),
        positive(limit.of(q, settings.limitQuantile())));
  }

  /**
   * The same model with its control limits set from rows it was not fitted on (a validation slice):
   * the {@code limitQuantile} of their T² and Q. A fit's own rows sit closer to the model than any
   * later window, so limits taken from them flag new healthy data more often than the quantile
   * promises.
   */
  public PcaAnomalyModel calibratedOn(List<double[]> validation, double limitQuantile) {
    if (validation.isEmpty()) {
      throw new IllegalArgumentException("no validation rows to calibrate the limits on");
    }
    PcaAnomalyModel unlimited =
        new PcaAnomalyModel(featureNames, mean, scale, components, eigenvalues, 1, 1);
    double[] t2 = new double[validation.size()];
    double[] q = new double[validation.size()];
    for (int i = 0; i < validation.size(); i++) {
      Score s = unlimited.score(validation.get(i));
      t2[i] = s.t2();
      q[i] = s.q();
    }
    return new PcaAnomalyModel(
        featureNames,
        mean,
        scale,
        components,
        eigenvalues,
        positive(ControlLimit.quantile(t2, limitQuantile)),
        positive(ControlLimit.quantile(q, limitQuantile)));
  }

  public Score score(double[] row) {
    double[] z = new Standardiser(mean, scale).apply(row);
    double t2 = 0;
    double[] reconstruction = new double[z.length];
    for (int j = 0; j < components.length; j++) {
      double t = 0;
      for (int i = 0; i < z.length; i++) {
        t += z[i] * components[j][i];
      }
      t2 += t * t / eigenvalues[j];
      for (int i = 0; i < z.length; i++) {
        reconstruction[i] += t * components[j][i];
      }
    }
    double q = 0;
    for (int i = 0; i < z.length; i++) {
      double r = z[i] - reconstruction[i];
      q += r * r;
    }
    double score = Math.max(t2 / t2Limit, q / qLimit);
    return new Score(t2, q, score, score > 1);
  }

  public int keptComponents() {
    return components.length;
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
        Map.of("keptComponents", (double) keptComponents(), "t2Limit", t2Limit, "qLimit", qLimit));
  }

  public List<Score> score(List<double[]> rows) {
    List<Score> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(score(r)));
    return out;
  }

  /** A limit of zero (a perfectly fitted training set) would flag every later row. */
  private static double positive(double limit) {
    return limit > 1e-12 ? limit : 1e-12;
  }
}
