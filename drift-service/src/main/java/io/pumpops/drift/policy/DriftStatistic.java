package io.pumpops.drift.policy;

import io.pumpops.schemas.avro.DriftStatistics;

/**
 * A statistic of a {@link DriftStatistics} record that the policy can watch, and which way is
 * "drifted".
 */
public enum DriftStatistic {
  PSI("psi", false),
  KS_P_VALUE("ks", true),
  WASSERSTEIN("wasserstein", false),
  JENSEN_SHANNON("jensenShannon", false);

  private final String label;
  private final boolean lowerIsWorse;

  DriftStatistic(String label, boolean lowerIsWorse) {
    this.label = label;
    this.lowerIsWorse = lowerIsWorse;
  }

  public String label() {
    return label;
  }

  /** The statistic's value in a record; NaN when it was not computed. */
  double valueIn(DriftStatistics s) {
    Double value =
        switch (this) {
          case PSI -> s.getPsi();
          case KS_P_VALUE -> s.getKsPValue();
          case WASSERSTEIN -> s.getWasserstein();
          case JENSEN_SHANNON -> s.getJensenShannon();
        };
    return value == null ? Double.NaN : value;
  }

  /**
   * The threshold a record is judged by: the configured one, raised to the limit the model's
   * reference profile calibrated for this feature where it has one (the configured value stays the
   * floor).
   */
  double thresholdFor(DriftStatistics s, double configured) {
    Double limit =
        switch (this) {
          case PSI -> s.getPsiLimit();
          case WASSERSTEIN -> s.getWassersteinLimit();
          case KS_P_VALUE, JENSEN_SHANNON -> null;
        };
    return limit == null ? configured : Math.max(configured, limit);
  }

  /** Whether the value is past the threshold (NaN never is). */
  boolean crosses(double value, double threshold) {
    return lowerIsWorse ? value < threshold : value >= threshold;
  }

  /**
   * Whether the value is {@code ratio} times as far past the threshold (an infinite ratio: never).
   */
  boolean farPast(double value, double threshold, double ratio) {
    if (Double.isInfinite(ratio) || Double.isNaN(value)) {
      return false;
    }
    return lowerIsWorse ? value <= threshold / ratio : value >= threshold * ratio;
  }

  /**
   * Whether the value is back inside the clear level: {@code clearRatio} of the way to the
   * threshold.
   */
  boolean clear(double value, double threshold, double clearRatio) {
    if (Double.isNaN(value)) {
      return false;
    }
    return lowerIsWorse ? value >= threshold / clearRatio : value < threshold * clearRatio;
  }
}
