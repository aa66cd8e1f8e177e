package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NabScoreTest {

  /** 300 rows one second apart with changepoints at 100 s and 200 s. */
  private static final double[] SECONDS = new double[300];

  private static final boolean[] CHANGEPOINTS = new boolean[300];

  static {
    for (int i = 0; i < 300; i++) {
      SECONDS[i] = i;
    }
    CHANGEPOINTS[100] = true;
    CHANGEPOINTS[200] = true;
  }

  /**
   * Outlier verdicts true from {@code from} (inclusive) to {@code to} (exclusive): flips at both
   * ends.
   */
  private static boolean[] flagged(int from, int to) {
    boolean[] predicted = new boolean[300];
    for (int i = from; i < to; i++) {
      predicted[i] = true;
    }
    return predicted;
  }

  @Test
  void predictingNothingScoresZeroAndFlippingOnEveryChangepointScoresAHundred() {
    NabScore nothing = NabScore.of(SECONDS, CHANGEPOINTS, new boolean[300]);
    NabScore perfect = NabScore.of(SECONDS, CHANGEPOINTS, flagged(100, 200));
    for (int p = 0; p < 3; p++) {
      assertThat(nothing.normalised(p)).isZero();
      assertThat(perfect.normalised(p)).isCloseTo(100, within(1e-9));
    }
  }

  @Test
  void aDetectionLateInItsWindowEarnsLessAndOneOutsideEveryWindowCostsTheFalsePositiveWeight() {
    // Window [100, 160]: a flip at 130 is half way, worth (A_tp + A_fp) / 2 on SKAB's tanh curve;
    // the flip back at 170 lies outside every window; the window at 200 is missed.
    NabScore score = NabScore.of(SECONDS, CHANGEPOINTS, flagged(130, 170));
    double halfWay = NabScore.credit(0.5, -0.11);
    assertThat(halfWay).isCloseTo((1 - 0.11) / 2, within(0.01));
    double raw = halfWay - 0.11 - 1;
    assertThat(score.raw()[0]).isCloseTo(raw, within(1e-9));
    assertThat(score.normalised(0)).isCloseTo(100 * (raw + 2) / 4, within(1e-9));
    assertThat(NabScore.credit(0, -0.11)).isCloseTo(1, within(1e-9));
    assertThat(NabScore.credit(1, -0.11)).isCloseTo(-0.11, within(1e-9));
  }

  @Test
  void onlyTheFirstDetectionInAWindowCountsAndOverlappingWindowsAreCutOnTheRight() {
    boolean[] close = new boolean[300];
    close[100] = true;
    close[130] = true;
    // Changepoints 30 s apart: the second window starts where the first ends, at 160 s.
    NabScore score = NabScore.of(SECONDS, close, flagged(110, 120));
    // Flips at 110 (first in window 1, scores) and 120 (second in window 1, ignored); window 2
    // missed.
    assertThat(score.raw()[0]).isCloseTo(NabScore.credit(10 / 60.0, -0.11) - 1, within(1e-9));
    NabScore plus = score.plus(score);
    assertThat(plus.normalised(0)).isCloseTo(score.normalised(0), within(1e-9));
  }
}
