package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalLevelTest {

  @Test
  void aSteadyChannelIsJudgedTightlyLongAfterTheFit() {
    Random random = new Random(1);
    double[] readings = new double[400];
    for (int i = 0; i < readings.length; i++) {
      readings[i] = 32 + 0.4 * random.nextGaussian();
    }

    LocalLevel level = LocalLevel.fit(readings);

    assertThat(level.level()).isCloseTo(32, org.assertj.core.data.Offset.offset(0.1));
    assertThat(Math.sqrt(level.noiseVariance()))
        .isCloseTo(0.4, org.assertj.core.data.Offset.offset(0.05));
    // 750 rows on (SKAB's test rows), its wander is still small against its noise.
    assertThat(750 * level.driftVariance()).isLessThan(0.5 * level.noiseVariance());
    assertThat(level.deviation(32 - 0.8, 750)).isLessThan(-1.5);
  }

  @Test
  void aWanderingChannelIsAllowedASpreadThatGrowsWithTime() {
    Random random = new Random(2);
    double[] readings = new double[400];
    double walk = 70;
    for (int i = 0; i < readings.length; i++) {
      walk += 0.05 * random.nextGaussian();
      readings[i] = walk + 0.1 * random.nextGaussian();
    }

    LocalLevel level = LocalLevel.fit(readings);

    // The true ratio of drift to noise variance is 0.25; the grid steps by a factor of 1.78.
    assertThat(level.driftVariance() / level.noiseVariance()).isBetween(0.05, 1.0);
    assertThat(level.level()).isCloseTo(walk, org.assertj.core.data.Offset.offset(0.2));
    double oneStepAway = level.deviation(walk + 1, 1);
    double farAway = level.deviation(walk + 1, 750);
    assertThat(Math.abs(oneStepAway)).isGreaterThan(4 * Math.abs(farAway));
    assertThat(Math.abs(farAway)).as("a 1-unit move is 20 drift steps").isLessThan(1);
  }

  @Test
  void aChannelItCannotScaleIsRefusedClearly() {
    assertThatThrownBy(() -> LocalLevel.fit(new double[] {1, 1, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never moves");
    assertThatThrownBy(() -> LocalLevel.fit(new double[] {1, 2}))
        .hasMessageContaining("at least 3");
    assertThatThrownBy(() -> LocalLevel.fit(new double[] {1, Double.NaN, 2}))
        .hasMessageContaining("finite");
  }
}
