package io.pumpops.features.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeDetectorsTest {

  @Test
  void pageHinkleyStaysQuietOnAStationaryStream() {
    PageHinkley ph = new PageHinkley(0.5, 20, 30);
    Random random = new Random(11);
    int signals = 0;
    for (int i = 0; i < 10_000; i++) {
      if (ph.add(random.nextGaussian()) != PageHinkley.Change.NONE) {
        signals++;
      }
    }
    assertThat(signals).isZero();
  }

  @Test
  void pageHinkleyDetectsAnIncreaseAndADecreaseSoonAfterThem() {
    assertThat(delayUntil(new PageHinkley(0.5, 20, 30), 2.0, PageHinkley.Change.INCREASE))
        .isBetween(1, 30);
    assertThat(delayUntil(new PageHinkley(0.5, 20, 30), -2.0, PageHinkley.Change.DECREASE))
        .isBetween(1, 30);
  }

  private static int delayUntil(PageHinkley ph, double shift, PageHinkley.Change expected) {
    Random random = new Random(12);
    for (int i = 0; i < 500; i++) {
      assertThat(ph.add(random.nextGaussian())).isEqualTo(PageHinkley.Change.NONE);
    }
    for (int i = 1; i <= 500; i++) {
      PageHinkley.Change change = ph.add(shift + random.nextGaussian());
      if (change != PageHinkley.Change.NONE) {
        assertThat(change).isEqualTo(expected);
        return i;
      }
    }
    return -1;
  }

  @Test
  void adwinKeepsGrowingOnAStationaryStream() {
    Adwin adwin = new Adwin(0.002, 1000);
    Random random = new Random(21);
    int signals = 0;
    for (int i = 0; i < 5000; i++) {
      if (adwin.add(random.nextGaussian())) {
        signals++;
      }
    }
    assertThat(signals).isZero();
    assertThat(adwin.width()).isEqualTo(1000);
  }

  @Test
  void adwinDropsTheOldPartAfterAMeanShift() {
    Adwin adwin = Adwin.defaults();
    Random random = new Random(22);
    for (int i = 0; i < 1000; i++) {
      adwin.add(random.nextGaussian());
    }
    int delay = -1;
    for (int i = 1; i <= 300 && delay < 0; i++) {
      if (adwin.add(1.5 + random.nextGaussian())) {
        delay = i;
      }
    }
    for (int i = 0; i < 100; i++) {
      adwin.add(1.5 + random.nextGaussian());
    }

    assertThat(delay).isBetween(1, 60);
    assertThat(adwin.width()).isLessThan(400);
    assertThat(adwin.mean()).isBetween(1.0, 2.0);
  }
}
