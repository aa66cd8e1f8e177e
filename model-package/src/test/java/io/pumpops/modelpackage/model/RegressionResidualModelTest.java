package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionResidualModelTest {

  private static final List<String> FEATURES = List.of("load", "current", "temperature", "noise");

  /** Current follows load, temperature follows load more loosely, noise follows nothing. */
  private static List<double[]> healthy(long seed, int count) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double load = 3 * random.nextGaussian();
      rows.add(
          new double[] {
            load,
            2 * load + 0.1 * random.nextGaussian(),
            0.5 * load + random.nextGaussian(),
            random.nextGaussian()
          });
    }
    return rows;
  }

  @Test
  void aFeatureThatBreaksAwayFromTheOthersHasTheLargestResidualAndRaisesAnAlarm() {
    RegressionResidualModel model =
        RegressionResidualModel.fit(
            FEATURES, healthy(1, 2000), RegressionResidualModel.Settings.defaults());
    // Current at half what the load says: each value within its healthy range, their relation
    // broken.
    double[] leak = {3, 3, 1.5, 0};

    double[] residuals = model.residuals(leak);
    RegressionResidualModel.Score score = model.score(leak);

    assertThat(score.anomaly()).isTrue();
    assertThat(Math.abs(residuals[1]))
        .as("current")
        .isGreaterThan(Math.abs(residuals[2]))
        .isGreaterThan(Math.abs(residuals[3]));
    assertThat(score.statistic())
        .isCloseTo(
            java.util.Arrays.stream(residuals).map(u -> u * u).sum(),
            org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void healthyRowsAlarmAboutAsOftenAsTheQuantileSaysAndTheFitIsDeterministic() {
    RegressionResidualModel.Settings settings = RegressionResidualModel.Settings.defaults();
    RegressionResidualModel model =
        RegressionResidualModel.fit(FEATURES, healthy(1, 2000), settings);

    long alarms = healthy(2, 10_000).stream().filter(model::anomalous).count();

    // 0.5 % promised; new rows from the same process may exceed it a little.
    assertThat(alarms).isBetween(10L, 150L);
    RegressionResidualModel again =
        RegressionResidualModel.fit(FEATURES, healthy(1, 2000), settings);
    assertThat(again.limit()).isEqualTo(model.limit());
    assertThat(again.projection()).isDeepEqualTo(model.projection());
  }

  @Test
  void aConstantFeatureAndNearCopiesDoNotBreakTheFit() {
    List<double[]> rows = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 500; i++) {
      double x = random.nextGaussian();
      rows.add(new double[] {x, x, 7, random.nextGaussian()});
    }

    RegressionResidualModel model =
        RegressionResidualModel.fit(FEATURES, rows, RegressionResidualModel.Settings.defaults());

    assertThat(model.scoreOf(new double[] {0, 0, 7, 0})).isFinite().isLessThan(1);
    assertThat(model.scoreOf(new double[] {2, -2, 7, 0})).isGreaterThan(1);
  }

  @Test
  void tooFewRowsOrBadSettingsAreRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                RegressionResidualModel.fit(
                    FEATURES, healthy(1, 4), RegressionResidualModel.Settings.defaults()))
        .hasMessageContaining("more training rows than the 4 features");
    assertThatThrownBy(() -> new RegressionResidualModel.Settings(0, 0.99, ControlLimit.EMPIRICAL))
        .hasMessageContaining("ridge > 0");
  }
}
