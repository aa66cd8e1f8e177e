package io.pumpops.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfAHundredValues() {
    long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
    assertThat(Percentiles.of(oneToHundred, 0.50)).isEqualTo(50);
    assertThat(Percentiles.of(oneToHundred, 0.99)).isEqualTo(99);
    assertThat(Percentiles.of(oneToHundred, 0.999)).isEqualTo(100);
    assertThat(Percentiles.of(oneToHundred, 0)).isEqualTo(1);
  }

  @Test
  void noValuesHaveNoPercentile() {
    assertThat(Percentiles.of(new long[0], 0.5)).isNaN();
  }
}
