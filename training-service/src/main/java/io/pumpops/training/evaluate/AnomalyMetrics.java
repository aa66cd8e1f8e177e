package io.pumpops.training.evaluate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Point-wise detection quality over feature windows. A window is labelled anomalous or normal;
 * where no labels exist (live telemetry without ground truth) every window counts as normal, so
 * only the false-alarm rate is meaningful and precision, recall and F1 are NaN.
 *
 * @param labelled whether any window carried a label (otherwise all were presumed normal)
 */
public record AnomalyMetrics(
    int windows,
    int alarms,
    int truePositives,
    int falsePositives,
    int falseNegatives,
    int trueNegatives,
    boolean labelled) {

  /**
   * @param alarms the model's anomaly flag per window
   * @param labels the truth per window (true = anomalous), or null when the data has no labels
   */
  public static AnomalyMetrics of(List<Boolean> alarms, List<Boolean> labels) {
    if (labels != null && labels.size() != alarms.size()) {
      throw new IllegalArgumentException(
          alarms.size() + " alarms but " + labels.size() + " labels");
    }
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    int raised = 0;
    for (int i = 0; i < alarms.size(); i++) {
      boolean alarm = alarms.get(i);
      boolean anomalous = labels != null && labels.get(i);
      raised += alarm ? 1 : 0;
      if (alarm && anomalous) {
        tp++;
      } else if (alarm) {
        fp++;
      } else if (anomalous) {
        fn++;
      } else {
        tn++;
      }
    }
    return new AnomalyMetrics(alarms.size(), raised, tp, fp, fn, tn, labels != null);
  }

  public double precision() {
    return labelled && truePositives + falsePositives > 0
        ? (double) truePositives / (truePositives + falsePositives)
        : Double.NaN;
  }

  public double recall() {
    return labelled && truePositives + falseNegatives > 0
        ? (double) truePositives / (truePositives + falseNegatives)
        : Double.NaN;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
  }

  /** Alarms on normal windows, over normal windows. */
  public double falseAlarmRate() {
    return falsePositives + trueNegatives == 0
        ? Double.NaN
        : (double) falsePositives / (falsePositives + trueNegatives);
  }

  /**
   * Alarms on normal windows per pump-day of normal windows, an operator's unit: each window stands
   * for one {@code hop} of one pump's time (windows overlap when the hop is shorter than the
   * window).
   */
  public double falseAlarmsPerPumpDay(Duration hop) {
    double pumpDays = normalPumpDays(hop);
    return pumpDays == 0 ? Double.NaN : falsePositives / pumpDays;
  }

  /** The pump time the normal windows stand for, in pump-days: one {@code hop} each. */
  public double normalPumpDays(Duration hop) {
    return (falsePositives + trueNegatives)
        * (double) hop.toMillis()
        / Duration.ofDays(1).toMillis();
  }

  /** Anomalous windows without an alarm, over anomalous windows (1 − recall). */
  public double missedAlarmRate() {
    double r = recall();
    return Double.isNaN(r) ? Double.NaN : 1 - r;
  }

  /** The finite metrics, named with {@code prefix}, for training-run records and the registry. */
  public Map<String, Double> asMap(String prefix) {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put(prefix + "windows", (double) windows);
    map.put(prefix + "alarms", (double) alarms);
    put(map, prefix + "falseAlarmRate", falseAlarmRate());
    put(map, prefix + "missedAlarmRate", missedAlarmRate());
    put(map, prefix + "precision", precision());
    put(map, prefix + "recall", recall());
    put(map, prefix + "f1", f1());
    return map;
  }

  private static void put(Map<String, Double> map, String key, double value) {
    if (Double.isFinite(value)) {
      map.put(key, value);
    }
  }
}
