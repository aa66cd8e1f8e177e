package io.pumpops.features.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pumpops.features.FeatureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RelationProfileTest {

  private static final long MINUTE = 60_000;
  private static final Relation PRESSURE_GIVEN_FLOW =
      new Relation("pressure.mean", "flowRate.mean");
  private static final DriftCalibration HOURLY =
      new DriftCalibration(Duration.ofHours(1), Duration.ofMinutes(15), 3.0);

  /**
   * Minute rows of ten pumps on one pump curve, P = 2 − k·Q² plus sensor noise, their flow set by a
   * demand that wanders slowly around {@code demand}: {flowRate.mean, pressure.mean}.
   */
  private static List<double[]> pumps(int minutes, double demand, double offset, long seed) {
    Random random = new Random(seed);
    double k = 0.8 / (120.0 * 120.0);
    List<double[]> rows = new ArrayList<>();
    double wander = 0;
    for (int minute = 0; minute < minutes; minute++) {
      wander =
          wander * Math.exp(-1.0 / 30)
              + 0.04 * random.nextGaussian() * Math.sqrt(1 - Math.exp(-2.0 / 30));
      for (int pump = 0; pump < 10; pump++) {
        double q = 120 * (demand + wander);
        rows.add(
            new double[] {
              q + 0.17 * random.nextGaussian(),
              2 - k * q * q + offset + 0.003 * random.nextGaussian()
            });
      }
    }
    return rows;
  }

  private static double[] column(List<double[]> rows, int c) {
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }

  private static long[] times(int minutes) {
    long[] times = new long[minutes * 10];
    for (int i = 0; i < times.length; i++) {
      times[i] = (i / 10) * MINUTE;
    }
    return times;
  }

  private static RelationProfile fitted() {
    List<double[]> reference = pumps(360, 1.0, 0, 1);
    return RelationProfile.fit(
            PRESSURE_GIVEN_FLOW, column(reference, 1), column(reference, 0), times(360), HOURLY)
        .orElseThrow();
  }

  @Test
  void theFitLeavesOnlyTheSensorsNoiseOfAPumpCurve() {
    RelationProfile relation = fitted();

    assertThat(relation.name()).isEqualTo("pressure.mean|flowRate.mean");
    assertThat(relation.residuals().mean()).isCloseTo(0, within(1e-9));
    // Pressure spreads with demand (about 0.06 bar); what the curve does not explain is the noise.
    assertThat(relation.residuals().std()).isLessThan(0.006);
    assertThat(relation.residuals().psiLimit()).isNotNull().isPositive();
  }

  @Test
  void aDemandSwingMovesPressureButNotPressureGivenFlow() {
    RelationProfile relation = fitted();
    List<double[]> reference = pumps(360, 1.0, 0, 1);
    FeatureProfile pressure =
        FeatureProfile.of(
            "pressure.mean",
            column(reference, 1),
            FeatureProfile.DEFAULT_BINS,
            FeatureProfile.DEFAULT_QUANTILES);
    List<double[]> busyHour = pumps(60, 1.08, 0, 2);

    double pressurePsi = DriftStatistics.of(pressure, column(busyHour, 1)).psi();
    double relationPsi =
        DriftStatistics.of(
                relation.residuals(), relation.residuals(column(busyHour, 1), column(busyHour, 0)))
            .psi();

    assertThat(pressurePsi).as("pressure alone").isGreaterThan(1);
    assertThat(relationPsi).as("pressure given flow").isLessThan(relation.residuals().psiLimit());
  }

  @Test
  void aPressureSensorOffsetStandsOutGivenFlowWhereItHidesInTheDemandSpread() {
    RelationProfile relation = fitted();
    List<double[]> offsetHour = pumps(60, 1.0, 0.15, 3);

    double[] residuals = relation.residuals(column(offsetHour, 1), column(offsetHour, 0));

    assertThat(Arrays.stream(residuals).average().orElseThrow()).isCloseTo(0.15, within(0.01));
    assertThat(DriftStatistics.of(relation.residuals(), residuals).psi())
        .isGreaterThan(2 * relation.residuals().psiLimit());
  }

  @Test
  void aGivenFeatureThatNeverMovedGivesAConstantFitNotNaN() {
    double[] target = new double[60];
    double[] given = new double[60];
    Arrays.fill(given, 120);
    for (int i = 0; i < 60; i++) {
      target[i] = 1.2 + (i % 2 == 0 ? 0.01 : -0.01);
    }

    RelationProfile relation =
        RelationProfile.fit(PRESSURE_GIVEN_FLOW, target, given, times(6), null).orElseThrow();

    assertThat(relation.coefficients()[0]).isCloseTo(1.2, within(1e-9));
    assertThat(Arrays.stream(relation.residuals(target, given)).allMatch(Double::isFinite))
        .isTrue();
  }

  @Test
  void tooFewRowsWithBothValuesGiveNoFit() {
    double[] target = new double[40];
    double[] given = new double[40];
    Arrays.fill(target, Double.NaN);
    for (int i = 0; i < 20; i++) {
      target[i] = i;
      given[i] = i;
    }

    assertThat(RelationProfile.fit(PRESSURE_GIVEN_FLOW, target, given, times(4), null)).isEmpty();
  }

  @Test
  void aProfileWithRelationsRoundTripsThroughJsonAndOneWithoutKeepsItsBytes() {
    List<double[]> reference = pumps(360, 1.0, 0, 1);
    List<String> names = List.of("flowRate.mean", "pressure.mean");
    ReferenceProfile plain =
        ReferenceProfile.calibrated("pump-v1", names, reference, times(360), HOURLY);
    ReferenceProfile withRelation =
        plain.withRelations(
            ReferenceProfile.relations(
                List.of(PRESSURE_GIVEN_FLOW), names, reference, times(360), HOURLY));

    assertThat(withRelation.relations()).containsOnlyKeys("pressure.mean|flowRate.mean");
    assertThat(ReferenceProfile.fromJson(withRelation.toJson())).isEqualTo(withRelation);
    assertThat(plain.toJson()).doesNotContain("relations");
    assertThat(ReferenceProfile.fromJson(plain.toJson()).relations()).isEmpty();
    assertThat(ReferenceProfile.fromJson(plain.toJson())).isEqualTo(plain);
  }

  @Test
  void relationsNeedTwoDifferentMonitoredFeatures() {
    assertThat(Relation.parse("pressure.mean|flowRate.mean")).isEqualTo(PRESSURE_GIVEN_FLOW);
    assertThatThrownBy(() -> Relation.parse("pressure.mean")).hasMessageContaining("target|given");
    assertThatThrownBy(() -> new Relation("pressure.mean", "pressure.mean"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DriftMonitoring(
                    Duration.ofHours(1),
                    Duration.ofMinutes(15),
                    List.of("pressure.mean"),
                    List.of(PRESSURE_GIVEN_FLOW)))
        .hasMessageContaining("needs both features monitored");
    assertThat(DriftMonitoring.defaults(FeatureSpec.PUMP_V1).relations())
        .containsExactly(PRESSURE_GIVEN_FLOW);
  }
}
