package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityAnomalyModelTest {

  private static final List<String> FEATURES = List.of("a", "b", "c");

  private static List<double[]> correlated(long seed, int count) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double load = random.nextGaussian();
      rows.add(
          new double[] {
            load + 0.1 * random.nextGaussian(),
            2 * load + 0.1 * random.nextGaussian(),
            5 + 0.1 * random.nextGaussian()
          });
    }
    return rows;
  }

  @Test
  void theMemoryIsEveryStrideThRowAndAtMostHalfTheRows() {
    assertThat(
            SimilarityAnomalyModel.fit(FEATURES, correlated(1, 1000), settings(100)).memorySize())
        .isEqualTo(100);
    assertThat(SimilarityAnomalyModel.fit(FEATURES, correlated(1, 150), settings(100)).memorySize())
        .isEqualTo(75);
  }

  @Test
  void aRowThatBreaksTheCorrelationIsAnAnomalyAndFittingIsDeterministic() {
    SimilarityAnomalyModel model =
        SimilarityAnomalyModel.fit(FEATURES, correlated(1, 1000), settings(100));
    SimilarityAnomalyModel again =
        SimilarityAnomalyModel.fit(FEATURES, correlated(1, 1000), settings(100));

    // a = 1 and b = -2 each lie in the healthy range, together they contradict b = 2a.
    assertThat(model.score(new double[] {1, -2, 5}).anomaly()).isTrue();
    assertThat(model.score(new double[] {1, 2, 5}).anomaly()).isFalse();
    long falseAlarms =
        model.score(correlated(2, 2000)).stream()
            .filter(SimilarityAnomalyModel.Score::anomaly)
            .count();
    assertThat(falseAlarms).isBetween(1L, 60L);
    assertThat(again.score(new double[] {0.3, 0.7, 5.1}))
        .isEqualTo(model.score(new double[] {0.3, 0.7, 5.1}));
  }

  @Test
  void aRowFarFromEveryMemoryVectorGetsAFiniteLargeScore() {
    SimilarityAnomalyModel model =
        SimilarityAnomalyModel.fit(FEATURES, correlated(1, 500), settings(100));

    SimilarityAnomalyModel.Score far = model.score(new double[] {1e6, -1e6, 1e6});

    assertThat(far.score()).isFinite().isGreaterThan(1e6);
  }

  @Test
  void tooFewRowsOrBadSettingsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> SimilarityAnomalyModel.fit(FEATURES, correlated(1, 3), settings(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 4 training rows");
    assertThatThrownBy(() -> new SimilarityAnomalyModel.Settings(1, 0.99, ControlLimit.EMPIRICAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memorySize");
  }

  private static SimilarityAnomalyModel.Settings settings(int memory) {
    return new SimilarityAnomalyModel.Settings(memory, 0.995, ControlLimit.EMPIRICAL);
  }
}
