package io.pumpops.bench.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * SKAB's changepoint score, NAB-style, as its leaderboard computes it (SKAB's core/metrics.py):
 * each labelled changepoint opens a 60 s scoring window to its right (a window reaching the next
 * changepoint is cut there); the first predicted changepoint inside a window scores from A_tp at
 * the changepoint down to A_fp at the window's end along a tanh curve, later ones in the window are
 * ignored; every predicted changepoint outside the windows costs A_fp, every window without one
 * costs A_fn. Summed over files, then normalised: 0 is the detector that predicts nothing, 100 the
 * perfect one. Predicted changepoints are the flips (0→1 and 1→0) of a point-wise outlier
 * prediction.
 *
 * <p>Three profiles, as published: standard (A_fp = -0.11, A_fn = -1), low false positives (A_fp =
 * -0.22) and low false negatives (A_fn = -2); A_tp = 1 in all.
 *
 * @param raw the detector's summed score, per profile
 * @param nullScore what predicting nothing scores (windows × A_fn)
 * @param perfect what a detection at every changepoint scores (windows × A_tp)
 */
public record NabScore(double[] raw, double[] nullScore, double[] perfect) {

  public static final List<String> PROFILES = List.of("standard", "lowFP", "lowFN");
  private static final double[] A_FP = {-0.11, -0.22, -0.11};
  private static final double[] A_FN = {-1, -1, -2};
  private static final double A_TP = 1;
  private static final double WINDOW_SECONDS = 60;
  private static final int DETAIL = 1000;

  public static final NabScore NONE = new NabScore(new double[3], new double[3], new double[3]);

  /**
   * One file's score.
   *
   * @param seconds each row's time, increasing
   * @param changepoints the labelled changepoints, row by row
   * @param predicted the point-wise outlier prediction, row by row
   */
  public static NabScore of(double[] seconds, boolean[] changepoints, boolean[] predicted) {
    if (seconds.length != changepoints.length || seconds.length != predicted.length) {
      throw new IllegalArgumentException(
          "rows, labels and predictions differ in length: "
              + seconds.length
              + ", "
              + changepoints.length
              + ", "
              + predicted.length);
    }
    List<double[]> windows = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      if (changepoints[i]) {
        windows.add(new double[] {seconds[i], seconds[i] + WINDOW_SECONDS});
      }
    }
    for (int w = 1; w < windows.size(); w++) {
      // SKAB's "cut right window": a window overlapping the previous one starts where that ends.
      if (windows.get(w - 1)[1] >= windows.get(w)[0]) {
        windows.get(w)[0] = windows.get(w - 1)[1];
      }
    }
    List<Double> detections = new ArrayList<>();
    for (int i = 1; i < predicted.length; i++) {
      if (predicted[i] != predicted[i - 1]) {
        detections.add(seconds[i]);
      }
    }
    long falsePositives = 0;
    long missed = 0;
    List<Double> positions = new ArrayList<>();
    for (double t : detections) {
      if (windows.stream().noneMatch(w -> t >= w[0] && t <= w[1])) {
        falsePositives++;
      }
    }
    for (double[] w : windows) {
      detections.stream()
          .filter(t -> t >= w[0] && t <= w[1])
          .findFirst()
          .ifPresentOrElse(
              t -> positions.add((t - w[0]) / (w[1] - w[0])), () -> positions.add(Double.NaN));
    }
    double[] raw = new double[3];
    double[] nothing = new double[3];
    double[] perfect = new double[3];
    for (int p = 0; p < 3; p++) {
      double score = A_FP[p] * falsePositives;
      for (double position : positions) {
        score += Double.isNaN(position) ? A_FN[p] : credit(position, A_FP[p]);
      }
      raw[p] = score;
      nothing[p] = windows.size() * A_FN[p];
      perfect[p] = windows.size() * A_TP;
    }
    return new NabScore(raw, nothing, perfect);
  }

  /**
   * A detection's credit at a relative position in its window: A_tp at 0 falling to A_fp at 1
   * (SKAB's curve).
   */
  static double credit(double position, double falsePositiveWeight) {
    int event = Math.min(DETAIL - 1, (int) (position * DETAIL));
    double x = -Math.PI / 2 + Math.PI * event / (DETAIL - 1);
    double half = (A_TP - falsePositiveWeight) / 2;
    return -half * Math.tanh(x) / Math.tanh(Math.PI / 2) + half + falsePositiveWeight;
  }

  public NabScore plus(NabScore other) {
    double[] r = new double[3];
    double[] n = new double[3];
    double[] f = new double[3];
    for (int p = 0; p < 3; p++) {
      r[p] = raw[p] + other.raw[p];
      n[p] = nullScore[p] + other.nullScore[p];
      f[p] = perfect[p] + other.perfect[p];
    }
    return new NabScore(r, n, f);
  }

  /**
   * The normalised score of a profile (index into {@link #PROFILES}): 0 predicts nothing, 100 is
   * perfect.
   */
  public double normalised(int profile) {
    double range = perfect[profile] - nullScore[profile];
    return range == 0 ? Double.NaN : 100 * (raw[profile] - nullScore[profile]) / range;
  }
}
