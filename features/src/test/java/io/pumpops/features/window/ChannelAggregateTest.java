package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelAggregateTest {

  @Test
  void matchesHandComputedStatistics() {
    ChannelAggregate a = new ChannelAggregate();
    double[] values = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < values.length; i++) {
      a.add(i, values[i]);
    }

    assertThat(a.count()).isEqualTo(8);
    assertThat(a.mean()).isEqualTo(5.0);
    // Sum of squared deviations 32, sample variance 32/7.
    assertThat(a.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    assertThat(a.min()).isEqualTo(2.0);
    assertThat(a.max()).isEqualTo(9.0);
    assertThat(a.rms())
        .isCloseTo(Math.sqrt((4 + 16 + 16 + 16 + 25 + 25 + 49 + 81) / 8.0), within(1e-12));
    assertThat(a.last()).isEqualTo(9.0);
  }

  @Test
  void slopeOfALinearSeriesIsItsGradient() {
    ChannelAggregate a = new ChannelAggregate();
    for (int i = 0; i < 60; i++) {
      a.add(i * 0.5, 3.0 - 0.25 * (i * 0.5));
    }

    assertThat(a.slopePerSecond()).isCloseTo(-0.25, within(1e-12));
  }

  @Test
  void mergingPartsInAnyOrderEqualsAddingEverything() {
    Random random = new Random(1);
    ChannelAggregate all = new ChannelAggregate();
    ChannelAggregate first = new ChannelAggregate();
    ChannelAggregate second = new ChannelAggregate();
    for (int i = 0; i < 1000; i++) {
      double t = i * 0.1;
      double v = 10 + random.nextGaussian() + 0.01 * t;
      all.add(t, v);
      (i % 3 == 0 ? first : second).add(t, v);
    }

    ChannelAggregate merged = new ChannelAggregate();
    merged.merge(second);
    merged.merge(first);

    assertThat(merged.count()).isEqualTo(all.count());
    assertThat(merged.mean()).isCloseTo(all.mean(), within(1e-12));
    assertThat(merged.std()).isCloseTo(all.std(), within(1e-12));
    assertThat(merged.slopePerSecond()).isCloseTo(all.slopePerSecond(), within(1e-12));
    assertThat(merged.min()).isEqualTo(all.min());
    assertThat(merged.max()).isEqualTo(all.max());
    assertThat(merged.last()).isEqualTo(all.last());
  }

  @Test
  void staysAccurateForSmallVariationOnAHugeOffset() {
    // The textbook sum-of-squares formula loses every digit here; Welford keeps them.
    ChannelAggregate a = new ChannelAggregate();
    double[] deviations = {4, 7, 13, 16};
    for (int i = 0; i < deviations.length; i++) {
      a.add(i, 1e9 + deviations[i]);
    }

    assertThat(a.mean()).isEqualTo(1e9 + 10);
    assertThat(a.std()).isCloseTo(Math.sqrt(30.0), within(1e-9));
  }

  @Test
  void constantEmptyAndNonFiniteInputsHaveDefinedResults() {
    ChannelAggregate constant = new ChannelAggregate();
    for (int i = 0; i < 10; i++) {
      constant.add(i, 3.5);
    }
    ChannelAggregate empty = new ChannelAggregate();
    ChannelAggregate withNan = new ChannelAggregate();
    withNan.add(0, 1);
    withNan.add(1, Double.NaN);
    withNan.add(2, Double.POSITIVE_INFINITY);

    assertThat(constant.std()).isZero();
    assertThat(constant.slopePerSecond()).isZero();
    assertThat(empty.count()).isZero();
    assertThat(empty.mean()).isNaN();
    assertThat(empty.std()).isNaN();
    assertThat(withNan.count()).isEqualTo(1);
    assertThat(withNan.mean()).isEqualTo(1.0);
  }
}
