package io.pumpops.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyLogTest {

  @Test
  void givesThePhasesLatenciesSortedAndForgetsWhatCameBefore() {
    LatencyLog log = new LatencyLog();
    for (int i = 0; i < 40_000; i++) {
      log.record(i, 40_000 - i);
    }

    assertThat(log.between(10, 13)).containsExactly(39_988, 39_989, 39_990);
    assertThat(log.between(0, 10)).as("forgotten: before the last phase asked for").isEmpty();
    assertThat(log.between(39_999, 50_000)).containsExactly(1);
  }
}
