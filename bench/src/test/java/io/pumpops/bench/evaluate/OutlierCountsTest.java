package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OutlierCountsTest {

  @Test
  void scoresAreTheSkabLeaderboardsDefinitions() {
    boolean[] predicted = {true, true, false, false, true, false};
    boolean[] actual = {true, false, true, false, true, false};

    OutlierCounts counts = OutlierCounts.of(predicted, actual);

    assertThat(counts).isEqualTo(new OutlierCounts(2, 1, 2, 1));
    assertThat(counts.f1()).isCloseTo(2 / (2 + (1 + 1) / 2.0), within(1e-12));
    assertThat(counts.falseAlarmRate()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(counts.missedAlarmRate()).isCloseTo(1 / 3.0, within(1e-12));
  }

  @Test
  void poolingAddsCountsItDoesNotAverageScores() {
    OutlierCounts a = new OutlierCounts(10, 0, 90, 0);
    OutlierCounts b = new OutlierCounts(0, 10, 0, 10);

    OutlierCounts pooled = a.plus(b);

    assertThat(pooled.rows()).isEqualTo(120);
    assertThat(pooled.f1()).isCloseTo(10 / (10 + 20 / 2.0), within(1e-12));
    assertThat(pooled.falseAlarmRate()).isCloseTo(10 / 100.0, within(1e-12));
  }

  @Test
  void mismatchedLengthsAreRefused() {
    assertThatThrownBy(() -> OutlierCounts.of(new boolean[2], new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
