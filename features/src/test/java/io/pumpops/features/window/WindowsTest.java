package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowsTest {

  @Test
  void aTumblingWindowHoldsEachInstantOnceAlignedToTheEpoch() {
    assertThat(Windows.lastStart(59_999, 60_000)).isZero();
    assertThat(Windows.lastStart(60_000, 60_000)).isEqualTo(60_000);
    assertThat(Windows.firstStart(60_000, 60_000, 60_000)).isEqualTo(60_000);
    assertThat(Windows.lastStart(-1, 60_000)).as("before the epoch").isEqualTo(-60_000);
  }

  @Test
  void hoppingWindowsHoldEachInstantWindowOverHopTimes() {
    // One-hour drift windows every 15 minutes: 10:20 is in the windows from 09:30 to 10:15.
    long minute = 60_000;
    long time = 10 * 60 * minute + 20 * minute;
    assertThat(Windows.lastStart(time, 15 * minute)).isEqualTo(10 * 60 * minute + 15 * minute);
    assertThat(Windows.firstStart(time, 60 * minute, 15 * minute))
        .isEqualTo(9 * 60 * minute + 30 * minute);
    // On a boundary, the window that ends there no longer holds it.
    assertThat(Windows.firstStart(60 * minute, 60 * minute, 15 * minute)).isEqualTo(15 * minute);
  }

  @Test
  void theStartsAreExactlyTheWindowsThatHoldTheInstant() {
    Random random = new Random(17);
    for (int i = 0; i < 10_000; i++) {
      long hop = 1 + random.nextInt(50);
      long window =
          hop * (1 + random.nextInt(5)) + (random.nextBoolean() ? 0 : random.nextInt((int) hop));
      long time = random.nextInt(100_000) - 50_000;
      List<Long> expected = new ArrayList<>();
      for (long start = Math.floorDiv(time - 2 * window, hop) * hop; start <= time; start += hop) {
        if (start <= time && time < start + window) {
          expected.add(start);
        }
      }
      List<Long> actual = new ArrayList<>();
      for (long start = Windows.firstStart(time, window, hop);
          start <= Windows.lastStart(time, hop);
          start += hop) {
        actual.add(start);
      }
      assertThat(actual).as("time %d window %d hop %d", time, window, hop).isEqualTo(expected);
    }
  }
}
