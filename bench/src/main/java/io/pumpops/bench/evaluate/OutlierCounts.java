package io.pumpops.bench.evaluate;

/**
 * Point-wise outlier confusion counts and the SKAB leaderboard's scores on them: F1 = TP / (TP +
 * (FP + FN) / 2), FAR = FP / (FP + TN), MAR = FN / (FN + TP).
 */
public record OutlierCounts(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  public static final OutlierCounts NONE = new OutlierCounts(0, 0, 0, 0);

  /** Counts of predictions against labels, row by row. */
  public static OutlierCounts of(boolean[] predicted, boolean[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(
          predicted.length + " predictions for " + actual.length + " labels");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i]) {
        if (actual[i]) {
          tp++;
        } else {
          fp++;
        }
      } else if (actual[i]) {
        fn++;
      } else {
        tn++;
      }
    }
    return new OutlierCounts(tp, fp, tn, fn);
  }

  /** Pooled counts: the SKAB leaderboard's micro-average over every test row of every file. */
  public OutlierCounts plus(OutlierCounts other) {
    return new OutlierCounts(
        truePositives + other.truePositives,
        falsePositives + other.falsePositives,
        trueNegatives + other.trueNegatives,
        falseNegatives + other.falseNegatives);
  }

  public double f1() {
    double denominator = truePositives + (falsePositives + falseNegatives) / 2.0;
    return denominator == 0 ? Double.NaN : truePositives / denominator;
  }

  /** False-alarm rate: the share of normal rows flagged. */
  public double falseAlarmRate() {
    long normal = falsePositives + trueNegatives;
    return normal == 0 ? Double.NaN : (double) falsePositives / normal;
  }

  /** Missed-alarm rate: the share of anomalous rows not flagged. */
  public double missedAlarmRate() {
    long anomalous = falseNegatives + truePositives;
    return anomalous == 0 ? Double.NaN : (double) falseNegatives / anomalous;
  }

  public long rows() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }
}
