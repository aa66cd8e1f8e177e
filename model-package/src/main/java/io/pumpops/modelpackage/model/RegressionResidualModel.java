package io.pumpops.modelpackage.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-channel regression residuals: each standardised feature predicted from all the others by a
 * ridge regression fitted on healthy rows, and the anomaly statistic the sum of the squared
 * residuals, each in units of its own healthy spread. A row whose features no longer move together
 * has large residuals on the features that broke away, so each term also says which features drove
 * an alarm.
 *
 * <p>All the regressions come from one matrix: with {@code C} the standardised training covariance
 * plus {@code ridge·I} and {@code P = C⁻¹}, the residual of feature {@code j} regressed on the
 * others is {@code (P z)_j / P_jj} and its variance {@code 1 / P_jj}, so the standardised residual
 * is {@code u_j = (P z)_j / √P_jj}: one matrix product, {@code u = z·M} with {@code M_kj = P_kj /
 * √P_jj}. Unlike PCA's T² and Q, no components are dropped, and each feature's residual is judged
 * against its own predictability rather than a shared plane.
 *
 * <p>Fitting is deterministic: no randomness, a fixed summation order, a Cholesky inverse.
 *
 * @param featureNames model inputs, in order
 * @param mean per feature, the training mean
 * @param scale per feature, the training standard deviation (1 for a feature constant in training)
 * @param projection {@code M}: maps a standardised row onto its standardised residuals
 * @param limit the control limit of the statistic {@code Σ u_j²}
 */
public record RegressionResidualModel(
    List<String> featureNames, double[] mean, double[] scale, double[][] projection, double limit)
    implements AnomalyModel {

  /** The name under which lineage, manifests and reports know this family. */
  public static final String FAMILY = "regression-residuals";

  /**
   * @param ridge added to the diagonal of the standardised covariance (whose diagonal is 1): keeps
   *     features that are nearly copies of each other (a mean and an RMS) from having residuals of
   *     almost no spread, which any noise would push past the limit
   * @param limitQuantile quantile of the training statistics taken as the control limit
   * @param controlLimit how that quantile is read off them
   */
  public record Settings(double ridge, double limitQuantile, ControlLimit controlLimit)
      implements ModelFamily {
    public Settings {
      if (!(ridge > 0) || !(limitQuantile > 0.5 && limitQuantile < 1) || controlLimit == null) {
        throw new IllegalArgumentException(
            "need ridge > 0, 0.5 < limitQuantile < 1 and a control limit: "
                + ridge
                + ", "
                + limitQuantile
                + ", "
                + controlLimit);
      }
    }

    /**
     * Ridge 0.01, limits at the 99.5th percentile of the training statistics, as the other
     * families' defaults.
     */
    public static Settings defaults() {
      return new Settings(0.01, 0.995, ControlLimit.EMPIRICAL);
    }

    /** Lineage's entries; missing ones take the defaults. */
    static Settings fromConfig(Map<String, String> config) {
      Settings defaults = defaults();
      return new Settings(
          ModelFamily.number(config, "ridge", defaults.ridge()),
          ModelFamily.number(config, "limitQuantile", defaults.limitQuantile()),
          ModelFamily.controlLimit(config));
    }

    @Override
    public String name() {
      return FAMILY;
    }

    @Override
    public RegressionResidualModel fit(List<String> featureNames, List<double[]> rows) {
      return RegressionResidualModel.fit(featureNames, rows, this);
    }

    @Override
    public Map<String, String> asConfig() {
      return ModelFamily.config(
          FAMILY, limitQuantile, controlLimit, "ridge", Double.toString(ridge));
    }
  }

  /** One row's statistic, its ratio to the limit (1 = alarm level) and the verdict. */
  public record Score(double statistic, double score, boolean anomaly) {}

  public RegressionResidualModel {
    featureNames = List.copyOf(featureNames);
  }

  /** Fits to rows of feature values (no NaN); needs more rows than features. */
  public static RegressionResidualModel fit(
      List<String> featureNames, List<double[]> rows, Settings settings) {
    int n = rows.size();
    int p = featureNames.size();
    if (n <= p) {
      throw new IllegalArgumentException(
          "need more training rows than the " + p + " features, not " + n);
    }
    Standardiser standardiser = Standardiser.fit(rows, p);
    List<double[]> z = new ArrayList<>(n);
    rows.forEach(r -> z.add(standardiser.apply(r)));
    double[][] covariance = new double[p][p];
    for (double[] row : z) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b <= a; b++) {
          covariance[a][b] += row[a] * row[b];
        }
      }
    }
    double[][] identity = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        covariance[a][b] /= n - 1;
        covariance[b][a] = covariance[a][b];
      }
      covariance[a][a] += settings.ridge();
      identity[a][a] = 1;
    }
    double[][] precision = Cholesky.solve(covariance, identity);
    double[][] projection = new double[p][p];
    for (int k = 0; k < p; k++) {
      for (int j = 0; j < p; j++) {
        projection[k][j] = precision[k][j] / Math.sqrt(precision[j][j]);
      }
    }
    RegressionResidualModel unlimited =
        new RegressionResidualModel(
            featureNames, standardiser.mean(), standardiser.scale(), projection, 1);
    double[] statistics = new double[n];
    for (int i = 0; i < n; i++) {
      statistics[i] = unlimited.statisticOfStandardised(z.get(i));
    }
    double limit = settings.controlLimit().of(statistics, settings.limitQuantile());
    return new RegressionResidualModel(
        featureNames,
        standardiser.mean(),
        standardiser.scale(),
        projection,
        limit > 1e-12 ? limit : 1e-12);
  }

  public Score score(double[] row) {
    double statistic = statisticOfStandardised(new Standardiser(mean, scale).apply(row));
    double score = statistic / limit;
    return new Score(statistic, score, score > 1);
  }

  /**
   * Each feature's standardised residual: which features broke away from the others, and by how
   * much.
   */
  public double[] residuals(double[] row) {
    return residualsOfStandardised(new Standardiser(mean, scale).apply(row));
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
    return new TreeMap<>(Map.of("features", (double) featureNames.size(), "limit", limit));
  }

  private double statisticOfStandardised(double[] z) {
    double statistic = 0;
    for (double u : residualsOfStandardised(z)) {
      statistic += u * u;
    }
    return statistic;
  }

  private double[] residualsOfStandardised(double[] z) {
    double[] u = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      for (int j = 0; j < z.length; j++) {
        u[j] += z[k] * projection[k][j];
      }
    }
    return u;
  }
}
