package io.pumpops.drift.policy;

import io.pumpops.schemas.avro.DriftStatistics;

/** A statistic of a {@link DriftStatistics} record that the policy can watch, and which way is "drifted". */
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
    Double value = switch (this) {
      case PSI -> s.getPsi();
      case KS_P_VALUE -> s.getKsPValue();
      case WASSERSTEIN -> s.getWasserstein();
      case JENSEN_SHANNON -> s.getJensenShannon();
    };
    return value == null ? Double.NaN : value;
  }

  /** Whether the value is past the threshold (NaN never is). */
  boolean crosses(double value, double threshold) {
    return lowerIsWorse ? value < threshold : value >= threshold;
  }

  /** Whether the value is back inside the clear level: {@code clearRatio} of the way to the threshold. */
  boolean clear(double value, double threshold, double clearRatio) {
    if (Double.isNaN(value)) {
      return false;
    }
    return lowerIsWorse ? value >= threshold / clearRatio : value < threshold * clearRatio;
  }
}
