package io.pumpops.dashboard.view;

/**
 * A line on the drift chart: the value of a statistic past which drift-service counts a window as
 * drifting. Written as drift-service's {@code watch} entries, {@code statistic:threshold}.
 */
public record DriftThreshold(String statistic, double threshold) {

  public static DriftThreshold parse(String entry) {
    int colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "A drift threshold is statistic:threshold (for example psi:0.2), not '" + entry + "'");
    }
    try {
      return new DriftThreshold(
          entry.substring(0, colon).trim(), Double.parseDouble(entry.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The threshold of '" + entry + "' is not a number", e);
    }
  }
}
