package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DebouncedDetectorTest {

  private static boolean[] verdicts(String pattern) {
    boolean[] v = new boolean[pattern.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = pattern.charAt(i) == 'x';
    }
    return v;
  }

  private static String alarm(boolean[] alarm) {
    StringBuilder text = new StringBuilder();
    for (boolean on : alarm) {
      text.append(on ? 'x' : '.');
    }
    return text.toString();
  }

  @Test
  void lonelyVerdictsRaiseNoAlarmAndAStretchRaisesOneThatOutlastsAShortGap() {
    // The alarm starts on the third x in a row, survives the one-reading gap, and stops on the
    // third normal verdict.
    assertThat(alarm(DebouncedDetector.debounce(verdicts("x..x.x...xxxxx.xxxx...x..."), 3)))
        .isEqualTo("...........xxxxxxxxxx.....");
  }

  @Test
  void oneReadingIsTheVerdictsThemselves() {
    boolean[] raw = verdicts("x..xx.x");
    assertThat(DebouncedDetector.debounce(raw, 1)).isEqualTo(raw);
  }
}
