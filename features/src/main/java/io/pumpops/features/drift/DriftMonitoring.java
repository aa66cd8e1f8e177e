package io.pumpops.features.drift;

import io.pumpops.features.FeatureSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the rolling drift check compares with a model's reference profile: which features, pooled
 * over the whole fleet the model serves, over which hopping window of feature windows.
 *
 * <p>Why fleet-wide and why these defaults (measured in drift-service's DriftCalibrationTest on ten
 * synthetic pumps whose demand wanders with a five-minute time constant):
 *
 * <ul>
 *   <li>Drift means the population a model serves has moved (a season, a firmware update, wear of
 *       the whole fleet). One pump leaving the population is an anomaly, which the model itself
 *       flags; pooling keeps one pump's excursion from retraining the fleet's model.
 *   <li>The window must be long against the data's own wandering (pump demand moves over minutes,
 *       so neighbouring rows are far from independent). Ten-minute windows of 100 rows put
 *       Wasserstein ≥ 0.1 over its threshold in 60-97 % of healthy windows (its noise floor at 100
 *       rows is about 0.1 σ, which is why Evidently only uses it above 1000 rows); PSI over
 *       deciles, with a floor near (bins − 1)/n, still crossed in up to 40 %. Thirty-minute windows
 *       still raised a false detection in 50 hours; one-hour windows raised none, and hopping every
 *       fifteen minutes gives a fresh verdict four times an hour.
 *   <li>The same holds for the reference: a profile from two hours of data alarmed on healthy data,
 *       one from six hours (training-service's default dataset) did not.
 *   <li>Means and standard deviations carry the drifts worth retraining for; min, max, last and
 *       slope repeat them with more noise, and count only measures connectivity.
 * </ul>
 *
 * <p>Relations ({@link Relation}) are judged beside the features: pressure given flow by default,
 * which takes the wandering of demand out of the pressure channel (see {@link Relation} for why).
 *
 * @param window length of the drift window (event time of the feature windows it pools)
 * @param hop distance between drift window starts
 * @param features the feature names compared
 * @param relations features judged given another, each by the reference's own fit
 */
public record DriftMonitoring(
    Duration window, Duration hop, List<String> features, List<Relation> relations) {

  /** Pressure given flow: the pump curve, where the spec has both features. */
  public static final Relation PRESSURE_GIVEN_FLOW = new Relation("pressure.mean", "flowRate.mean");

  /** Without relations. */
  public DriftMonitoring(Duration window, Duration hop, List<String> features) {
    this(window, hop, features, List.of());
  }

  public DriftMonitoring {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()
        || window.isZero()
        || hop.isNegative()
        || hop.isZero()
        || hop.compareTo(window) > 0) {
      throw new IllegalArgumentException(
          "drift monitoring needs 0 < hop <= window, was window " + window + ", hop " + hop);
    }
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("drift monitoring needs at least one feature");
    }
    relations = List.copyOf(relations);
    for (Relation relation : relations) {
      // The drift windows keep the monitored features' values only.
      if (!features.contains(relation.target()) || !features.contains(relation.given())) {
        throw new IllegalArgumentException(
            "drift relation "
                + relation
                + " needs both features monitored, monitored: "
                + features);
      }
    }
  }

  /** One-hour windows every fifteen minutes over the means and standard deviations of the spec. */
  public static DriftMonitoring defaults(FeatureSpec spec) {
    return of(spec, Duration.ofHours(1), Duration.ofMinutes(15));
  }

  /**
   * The spec's means and standard deviations over windows of this length and hop, and pressure
   * given flow where the spec has both.
   */
  public static DriftMonitoring of(FeatureSpec spec, Duration window, Duration hop) {
    List<String> names = spec.featureNames();
    return new DriftMonitoring(
        window,
        hop,
        names.stream()
            .filter(
                n ->
                    n.endsWith("." + FeatureSpec.Statistic.MEAN.suffix())
                        || n.endsWith("." + FeatureSpec.Statistic.STD.suffix()))
            .toList(),
        names.contains(PRESSURE_GIVEN_FLOW.target()) && names.contains(PRESSURE_GIVEN_FLOW.given())
            ? List.of(PRESSURE_GIVEN_FLOW)
            : List.of());
  }

  /** The same monitoring with these relations instead. */
  public DriftMonitoring withRelations(List<Relation> relations) {
    return new DriftMonitoring(window, hop, features, relations);
  }

  public boolean monitors(String feature) {
    return features.contains(feature) || relations.stream().anyMatch(r -> r.name().equals(feature));
  }
}
