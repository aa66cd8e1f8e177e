package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaAnomalyModelTest {

  /** Two channels that move together (y ≈ 2x) and one that is constant in training. */
  private static List<double[]> coupled(int n, long seed) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      rows.add(new double[] {x, 2 * x + 0.05 * random.nextGaussian(), 60});
    }
    return rows;
  }

  private final PcaAnomalyModel model =
      PcaAnomalyModel.fit(
          List.of("x", "y", "count"), coupled(2000, 1), PcaAnomalyModel.Settings.defaults());

  @Test
  void oneComponentCarriesTheCoupledPairAndTheConstantIsNeutral() {
    assertThat(model.keptComponents()).isEqualTo(1);
    assertThat(model.eigenvalues()[0]).isCloseTo(2.0, within(0.01));
    assertThat(model.scale()[2]).isEqualTo(1.0);
    assertThat(model.mean()[2]).isEqualTo(60.0);
  }

  @Test
  void aLargeButConsistentRowIsT2AndABrokenCouplingIsQ() {
    PcaAnomalyModel.Score loud = model.score(new double[] {4, 8, 60});
    PcaAnomalyModel.Score broken = model.score(new double[] {1, -2, 60});
    PcaAnomalyModel.Score normal = model.score(new double[] {0.5, 1.0, 60});

    assertThat(loud.t2()).isGreaterThan(model.t2Limit());
    assertThat(loud.q()).isLessThan(model.qLimit());
    assertThat(broken.q()).isGreaterThan(10 * model.qLimit());
    assertThat(loud.anomaly()).isTrue();
    assertThat(broken.anomaly()).isTrue();
    assertThat(normal.anomaly()).isFalse();
    assertThat(model.score(new double[] {0.5, 1.0, 61}).anomaly())
        .as("a constant that moves")
        .isTrue();
  }

  @Test
  void theControlLimitsFlagAboutTheirQuantileOfFreshNormalRows() {
    long flagged =
        model.score(coupled(20_000, 2)).stream().filter(PcaAnomalyModel.Score::anomaly).count();

    // Limits at the 99.5th percentile of each statistic: about 0.5-1 % of fresh rows exceed one of
    // them.
    assertThat(flagged / 20_000.0).isBetween(0.003, 0.015);
  }

  @Test
  void fittingIsDeterministicToTheBit() {
    PcaAnomalyModel again =
        PcaAnomalyModel.fit(
            List.of("x", "y", "count"), coupled(2000, 1), PcaAnomalyModel.Settings.defaults());

    assertThat(again.mean()).isEqualTo(model.mean());
    assertThat(again.components()).isDeepEqualTo(model.components());
    assertThat(again.t2Limit()).isEqualTo(model.t2Limit());
    assertThat(again.qLimit()).isEqualTo(model.qLimit());
  }

  @Test
  void tooFewRowsIsAClearError() {
    assertThatThrownBy(
            () ->
                PcaAnomalyModel.fit(
                    List.of("x", "y", "count"), coupled(3, 1), PcaAnomalyModel.Settings.defaults()))
        .hasMessageContaining("3 rows, 3 features");
  }
}
