package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ControlLimitTest {

  @Test
  void normalAndChiSquareQuantilesMatchTheirTables() {
    assertThat(ControlLimit.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(ControlLimit.normalQuantile(0.5)).isCloseTo(0.0, within(1e-12));
    assertThat(ControlLimit.normalQuantile(1e-6)).isCloseTo(-4.753424, within(1e-5));
    assertThat(ControlLimit.normalQuantile(0.999999)).isCloseTo(4.753424, within(1e-5));
    // χ² tables: 99th percentile of χ²(10) is 23.209, 99.9th of χ²(4) is 18.467.
    assertThat(ControlLimit.chiSquareQuantile(10, 0.99)).isCloseTo(23.209, within(0.01 * 23.209));
    assertThat(ControlLimit.chiSquareQuantile(4, 0.999)).isCloseTo(18.467, within(0.02 * 18.467));
    assertThatThrownBy(() -> ControlLimit.normalQuantile(1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theScaledChiSquareLimitFindsARareQuantileBeyondTheLargestValueSeen() {
    // 3,000 draws of 2·χ²(5), about what six hours of a fleet give a model: the 99.999th percentile
    // (2 × 33.39 = 66.8) lies beyond anything in the sample; the empirical limit cannot reach it.
    Random random = new Random(7);
    double[] values = new double[3000];
    for (int i = 0; i < values.length; i++) {
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        double z = random.nextGaussian();
        sum += z * z;
      }
      values[i] = 2 * sum;
    }
    double max = Arrays.stream(values).max().orElseThrow();
    double fitted = ControlLimit.SCALED_CHI_SQUARE.of(values, 0.99999);
    double empirical = ControlLimit.EMPIRICAL.of(values, 0.99999);
    assertThat(empirical).isLessThanOrEqualTo(max);
    assertThat(fitted).isGreaterThan(max).isCloseTo(66.8, within(0.15 * 66.8));
    // Where data is dense, both agree: the 95th percentile of 2·χ²(5) is 22.14.
    assertThat(ControlLimit.SCALED_CHI_SQUARE.of(values, 0.95))
        .isCloseTo(22.14, within(0.1 * 22.14));
    assertThat(ControlLimit.EMPIRICAL.of(values, 0.95)).isCloseTo(22.14, within(0.1 * 22.14));
  }

  @Test
  void aConstantStatisticFallsBackToItsValue() {
    assertThat(ControlLimit.SCALED_CHI_SQUARE.of(new double[] {3, 3, 3}, 0.999)).isEqualTo(3.0);
  }

  @Test
  void namesRoundTripThroughTheirKeys() {
    for (ControlLimit limit : ControlLimit.values()) {
      assertThat(ControlLimit.parse(limit.key())).isEqualTo(limit);
    }
    assertThatThrownBy(() -> ControlLimit.parse("gaussian"))
        .hasMessageContaining("empirical or scaled-chi-square");
  }

  @Test
  void aModelFittedWithScaledChiSquareLimitsFlagsFewerOfItsOwnRowsAtTheSameQuantile() {
    Random random = new Random(11);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double load = random.nextGaussian();
      rows.add(
          new double[] {
            load + 0.1 * random.nextGaussian(),
            2 * load + 0.1 * random.nextGaussian(),
            random.nextGaussian()
          });
    }
    List<String> names = List.of("a", "b", "c");
    PcaAnomalyModel empirical =
        PcaAnomalyModel.fit(names, rows, new PcaAnomalyModel.Settings(0.9, 0.999));
    PcaAnomalyModel fitted =
        PcaAnomalyModel.fit(
            names,
            rows,
            new PcaAnomalyModel.Settings(0.9, 0.999999, ControlLimit.SCALED_CHI_SQUARE));
    long flaggedEmpirical =
        empirical.score(rows).stream().filter(PcaAnomalyModel.Score::anomaly).count();
    long flaggedFitted = fitted.score(rows).stream().filter(PcaAnomalyModel.Score::anomaly).count();
    assertThat(flaggedEmpirical).isBetween(1L, 4L);
    assertThat(flaggedFitted).isZero();
    assertThat(fitted.t2Limit()).isGreaterThan(empirical.t2Limit());
  }
}
