package io.pumpops.training.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.simulator.Scenario;
import io.pumpops.training.SyntheticWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate on real models: a champion fitted on healthy pumps, a challenger fitted on pumps whose
 * pressure sensors read high, both scored on the same healthy hold-out windows.
 */
class PromotionGateTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final PromotionGate GATE =
      new PromotionGate(new PromotionGate.Settings(0.05, 0.0, 0.0, 0.1));

  private static final List<double[]> HEALTHY =
      SyntheticWindows.rows(SPEC, T0, Duration.ofHours(3), 4, List.of(), 1);
  private static final List<double[]> OFFSET =
      SyntheticWindows.rows(
          SPEC,
          T0,
          Duration.ofHours(3),
          4,
          List.of(
              new Scenario(
                  Scenario.EVERY_PUMP,
                  Scenario.Kind.SENSOR_OFFSET,
                  Duration.ZERO,
                  0.3,
                  Duration.ZERO)),
          1);
  private static final List<double[]> HOLDOUT =
      SyntheticWindows.rows(
          SPEC, T0.plus(Duration.ofHours(3)), Duration.ofHours(1), 4, List.of(), 101);

  private static AnomalyMetrics onHoldout(PcaAnomalyModel model) {
    return AnomalyMetrics.of(
        model.score(HOLDOUT).stream().map(PcaAnomalyModel.Score::anomaly).toList(), null);
  }

  @Test
  void aChallengerThatAlarmsOnHealthyDataIsNotPromoted() {
    AnomalyMetrics champion =
        onHoldout(
            PcaAnomalyModel.fit(SPEC.featureNames(), HEALTHY, PcaAnomalyModel.Settings.defaults()));
    AnomalyMetrics worse =
        onHoldout(
            PcaAnomalyModel.fit(SPEC.featureNames(), OFFSET, PcaAnomalyModel.Settings.defaults()));

    PromotionGate.Decision decision = GATE.decide(worse, champion);

    assertThat(worse.falseAlarmRate()).isGreaterThan(champion.falseAlarmRate());
    assertThat(decision.promote()).isFalse();
    assertThat(decision.reason()).contains("challenger false-alarm rate");
  }

  @Test
  void aChallengerFittedOnTheNewNormalReplacesAChampionThatAlarmsOnIt() {
    AnomalyMetrics stale =
        onHoldout(
            PcaAnomalyModel.fit(SPEC.featureNames(), OFFSET, PcaAnomalyModel.Settings.defaults()));
    AnomalyMetrics fresh =
        onHoldout(
            PcaAnomalyModel.fit(SPEC.featureNames(), HEALTHY, PcaAnomalyModel.Settings.defaults()));

    PromotionGate.Decision decision = GATE.decide(fresh, stale);

    assertThat(decision.promote()).as(decision.reason()).isTrue();
    assertThat(fresh.falseAlarmRate()).isLessThanOrEqualTo(0.05);
  }

  @Test
  void withoutAChampionTheChallengerOnlyNeedsToStayUnderTheFalseAlarmLimit() {
    AnomalyMetrics quiet =
        AnomalyMetrics.of(
            List.of(false, false, false, false, false, false, false, false, false, true), null);
    AnomalyMetrics noisy = AnomalyMetrics.of(List.of(false, true, true, false), null);

    assertThat(
            new PromotionGate(new PromotionGate.Settings(0.1, 0, 0, 0.1))
                .decide(quiet, null)
                .promote())
        .isTrue();
    assertThat(
            new PromotionGate(new PromotionGate.Settings(0.1, 0, 0, 0.1))
                .decide(noisy, null)
                .promote())
        .isFalse();
  }

  @Test
  void withLabelsALowerF1IsNotPromotedEvenWithFewerFalseAlarms() {
    List<Boolean> labels = List.of(true, true, true, false, false, false, false, false);
    AnomalyMetrics champion =
        AnomalyMetrics.of(List.of(true, true, true, true, false, false, false, false), labels);
    AnomalyMetrics challenger =
        AnomalyMetrics.of(List.of(true, false, false, false, false, false, false, false), labels);

    PromotionGate.Decision decision =
        new PromotionGate(new PromotionGate.Settings(0.5, 0.0, 0.0, 0.1))
            .decide(challenger, champion);

    assertThat(decision.promote()).isFalse();
    assertThat(decision.reason()).contains("F1");
  }

  private static final AnomalyMetrics QUIET_WINDOWS =
      new AnomalyMetrics(1000, 0, 0, 0, 0, 1000, false);

  @Test
  void oneAlarmInAFewPumpHoursIsTooManyButAFewInAHundredPumpDaysAreNot() {
    // 6 pump-hours: a model at 0.1 a pump-day opens an alarm there with probability 2.5 %.
    PromotionGate.Decision oneInAQuarterDay =
        GATE.decide(QUIET_WINDOWS, new HoldoutAlarms(1, 0.25, 0, 0), null, null);
    PromotionGate.Decision noneInAQuarterDay =
        GATE.decide(QUIET_WINDOWS, new HoldoutAlarms(0, 0.25, 0, 0), null, null);
    PromotionGate.Decision fifteenInAHundredDays =
        GATE.decide(QUIET_WINDOWS, new HoldoutAlarms(15, 100, 0, 0), null, null);
    PromotionGate.Decision twentyInAHundredDays =
        GATE.decide(QUIET_WINDOWS, new HoldoutAlarms(20, 100, 0, 0), null, null);

    assertThat(oneInAQuarterDay.promote()).isFalse();
    assertThat(oneInAQuarterDay.reason())
        .contains("opened 1 false alarms in 0.25 pump-days")
        .contains("limit of 0.10 a pump-day");
    assertThat(noneInAQuarterDay.promote()).isTrue();
    // Poisson(10): P(N >= 15) = 8 %, P(N >= 20) = 0.3 %.
    assertThat(fifteenInAHundredDays.promote()).isTrue();
    assertThat(twentyInAHundredDays.promote()).isFalse();
  }

  @Test
  void withLabelsAChallengerThatAlarmsFewerFaultsThanTheChampionIsRefused() {
    AnomalyMetrics labelled = new AnomalyMetrics(1100, 100, 100, 0, 0, 1000, true);

    PromotionGate.Decision fewer =
        GATE.decide(
            labelled, new HoldoutAlarms(0, 3, 5, 3), labelled, new HoldoutAlarms(0, 3, 5, 4));
    PromotionGate.Decision asMany =
        GATE.decide(
            labelled, new HoldoutAlarms(0, 3, 5, 4), labelled, new HoldoutAlarms(0, 3, 5, 4));

    assertThat(fewer.promote()).isFalse();
    assertThat(fewer.reason()).contains("alarmed 3 of 5 labelled faults, the champion 4");
    assertThat(asMany.promote()).isTrue();
  }
}
