package io.pumpops.features.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

  private static double[] normal(long seed, int n, double mean, double std) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + std * random.nextGaussian();
    }
    return values;
  }

  private static final double[] REFERENCE_VALUES = normal(1, 5000, 10, 2);
  private static final FeatureProfile REFERENCE =
      FeatureProfile.of("pressure.mean", REFERENCE_VALUES, 10, 200);

  @Test
  void psiMatchesAHandComputedValue() {
    // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.17329 + 0.10137
    assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
        .isCloseTo(0.27465, within(1e-5));
  }

  @Test
  void psiTreatsAnEmptyBinAsEpsilonRatherThanInfinity() {
    double psi = DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.0, 1.0});

    assertThat(psi)
        .isFinite()
        .isCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), within(1e-9));
  }

  @Test
  void jensenShannonIsZeroForIdenticalAndOneForDisjointDistributions() {
    assertThat(DriftStatistics.jensenShannon(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}))
        .isZero();
    assertThat(DriftStatistics.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void kolmogorovTailIsFivePercentAtItsKnownCriticalValue() {
    assertThat(DriftStatistics.kolmogorovSurvival(1.3581)).isCloseTo(0.05, within(5e-4));
    assertThat(DriftStatistics.kolmogorovSurvival(0.0)).isEqualTo(1.0);
  }

  @Test
  void theReferenceItselfShowsNoDrift() {
    DriftStatistics s = DriftStatistics.of(REFERENCE, REFERENCE_VALUES);

    assertThat(s.psi()).isCloseTo(0, within(1e-9));
    assertThat(s.jensenShannon()).isCloseTo(0, within(1e-9));
    assertThat(s.ksStatistic()).isLessThan(0.01);
    assertThat(s.ksPValue()).isGreaterThan(0.9);
    assertThat(s.wasserstein()).isLessThan(0.01);
    assertThat(s.drifted(DriftThresholds.DEFAULTS)).isFalse();
  }

  @Test
  void aFreshSampleOfTheSameDistributionIsNotDrift() {
    DriftStatistics s = DriftStatistics.of(REFERENCE, normal(2, 1000, 10, 2));

    assertThat(s.sampleSize()).isEqualTo(1000);
    assertThat(s.psi()).isLessThan(0.1);
    assertThat(s.ksPValue()).isGreaterThan(0.05);
    assertThat(s.wasserstein()).isLessThan(0.1);
    assertThat(s.jensenShannon()).isLessThan(0.1);
  }

  @Test
  void aShiftOfOneStandardDeviationIsDetectedByEveryStatistic() {
    DriftStatistics s = DriftStatistics.of(REFERENCE, normal(3, 500, 12, 2));

    assertThat(s.psi()).isGreaterThan(0.2);
    assertThat(s.ksStatistic()).isCloseTo(0.38, within(0.05));
    assertThat(s.ksPValue()).isLessThan(1e-6);
    assertThat(s.wasserstein()).isCloseTo(1.0, within(0.1));
    assertThat(s.jensenShannon()).isGreaterThan(0.1);
    assertThat(s.drifted(DriftThresholds.DEFAULTS)).isTrue();
  }

  @Test
  void aConstantFeatureIsStableUntilItMoves() {
    FeatureProfile constant =
        FeatureProfile.of("voltage.count", new double[] {60, 60, 60, 60}, 10, 200);

    DriftStatistics same = DriftStatistics.of(constant, new double[] {60, 60, 60});
    DriftStatistics moved = DriftStatistics.of(constant, new double[] {59, 60, 58});

    assertThat(constant.std()).isZero();
    assertThat(same.psi()).isZero();
    assertThat(same.wasserstein()).isZero();
    assertThat(same.drifted(DriftThresholds.DEFAULTS)).isFalse();
    assertThat(moved.wasserstein()).isInfinite();
    assertThat(moved.drifted(DriftThresholds.DEFAULTS)).isTrue();
  }

  @Test
  void emptyOrAllNanSamplesGiveNoStatistics() {
    assertThat(DriftStatistics.of(REFERENCE, new double[0])).isEqualTo(DriftStatistics.EMPTY);
    assertThat(DriftStatistics.of(REFERENCE, new double[] {Double.NaN}))
        .isEqualTo(DriftStatistics.EMPTY);
    assertThat(DriftStatistics.EMPTY.drifted(DriftThresholds.DEFAULTS)).isFalse();
  }

  @Test
  void referenceProfileSurvivesJson() {
    ReferenceProfile profile =
        ReferenceProfile.of(
            "pump-v1",
            List.of("a", "b"),
            List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 30}));

    ReferenceProfile back = ReferenceProfile.fromJson(profile.toJson());

    assertThat(back).isEqualTo(profile);
    assertThat(back.features().keySet()).containsExactly("a", "b");
    assertThat(back.toJson()).isEqualTo(profile.toJson());
    assertThat(back.features().get("b").mean()).isEqualTo(20.0);
  }

  @Test
  void referenceProfileSurvivesAvroAndSaysSoWhenGivenSomethingElse() {
    ReferenceProfile profile =
        ReferenceProfile.of(
            "pump-v1",
            List.of("a", "b"),
            List.of(
                new double[] {1, 10},
                new double[] {2, 20},
                new double[] {3, 30},
                new double[] {4, Double.NaN}));

    byte[] avro = profile.toAvro();
    ReferenceProfile back = ReferenceProfile.fromAvro(avro);

    assertThat(back).isEqualTo(profile);
    assertThat(back.features().keySet()).containsExactly("a", "b");
    assertThat(profile.toAvro()).isEqualTo(avro);
    assertThat(back.features().get("b").sampleSize()).isEqualTo(3);
    assertThatThrownBy(
            () ->
                ReferenceProfile.fromAvro(
                    profile.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ReferenceProfile");
  }
}
