package io.pumpops.features.drift;

/**
 * When a statistic says "drifted". The defaults follow the tools operators already know:
 *
 * <ul>
 *   <li>PSI ≥ 0.2: the long-standing credit-risk rule of thumb (below 0.1 stable, 0.1-0.2 moderate,
 *       above 0.2 significant), also Evidently's PSI default;
 *   <li>KS p-value &lt; 0.05: Evidently's default for numerical features on up to 1000 rows;
 *   <li>normalised Wasserstein-1 ≥ 0.1: Evidently's default above 1000 rows (a shift of a tenth of
 *       the reference standard deviation);
 *   <li>Jensen-Shannon distance ≥ 0.1: NannyML's default for continuous features.
 * </ul>
 *
 * A p-value-based test rejects almost everything on large samples, which is why Evidently switches
 * to Wasserstein above 1000 rows; the drift policy decides which statistic counts.
 */
public record DriftThresholds(
    double psi, double ksPValue, double wasserstein, double jensenShannon) {

  public static final DriftThresholds DEFAULTS = new DriftThresholds(0.2, 0.05, 0.1, 0.1);
}
