package io.pumpops.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.replay.Replay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The family is chosen on validation windows the candidates did not fit, by the rule FamilyChoice
 * states.
 */
class FamilyChoiceTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final PcaAnomalyModel.Settings PCA = PcaAnomalyModel.Settings.defaults();
  private static final SimilarityAnomalyModel.Settings SIMILARITY =
      SimilarityAnomalyModel.Settings.defaults();

  /** Limits at the median of its own rows: about half of all later healthy windows alarm. */
  private static final PcaAnomalyModel.Settings LOOSE_PCA =
      new PcaAnomalyModel.Settings(0.9, 0.6, ControlLimit.EMPIRICAL);

  private static final SimilarityAnomalyModel.Settings LOOSE_SIMILARITY =
      new SimilarityAnomalyModel.Settings(100, 0.6, ControlLimit.EMPIRICAL);

  /**
   * Four pumps for four hours; with a fault, pump-0 wears a bearing from the third hour on
   * (labelled).
   */
  private static ReproducibleTraining.Validated validated(boolean fault) {
    Instant faultStart = T0.plus(Duration.ofHours(2));
    PumpWindows windows = new PumpWindows(SPEC);
    for (int p = 0; p < 4; p++) {
      List<Scenario> scenarios =
          fault && p == 0
              ? List.of(
                  new Scenario(
                      "pump-0",
                      Scenario.Kind.BEARING_WEAR,
                      Duration.ofHours(2),
                      0.3,
                      Duration.ofMinutes(5)))
              : List.of();
      SyntheticPump pump =
          new SyntheticPump(
              "site",
              "pump-" + p,
              T0,
              Duration.ofSeconds(5),
              scenarios,
              21 + p,
              Optional.of(T0.plus(Duration.ofHours(4))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    Labels labels =
        fault
            ? new Labels(
                List.of(
                    new Labels.Interval(
                        "pump-0",
                        faultStart.toEpochMilli(),
                        T0.plus(Duration.ofHours(4)).toEpochMilli())))
            : Labels.NONE;
    ReproducibleTraining.Settings settings =
        new ReproducibleTraining.Settings(SPEC, PCA, 100, 0.05, 0.2, 42L);
    return ReproducibleTraining.validate(
        new ReproducibleTraining.Prepared(
            new Replay.Result(List.of(), 0, "not replayed"), windows.completeRows(), 0),
        settings,
        labels);
  }

  @Test
  void withOneFamilyThereIsNothingToChooseAndNothingIsRecorded() {
    FamilyChoice.Result choice =
        FamilyChoice.choose(List.of(SIMILARITY), validated(false), SPEC, 0.25);

    assertThat(choice.chosen()).isEqualTo(SIMILARITY);
    assertThat(choice.candidates()).isEmpty();
    assertThat(choice.asConfig()).isEmpty();
  }

  @Test
  void withoutLabelsTheFamilyWithFewerFalseAlarmsPerPumpDayWinsWhicheverIsListedFirst() {
    ReproducibleTraining.Validated validated = validated(false);

    FamilyChoice.Result similarityWins =
        FamilyChoice.choose(List.of(LOOSE_PCA, SIMILARITY), validated, SPEC, 0.25);
    FamilyChoice.Result pcaWins =
        FamilyChoice.choose(List.of(LOOSE_SIMILARITY, PCA), validated, SPEC, 0.25);

    assertThat(similarityWins.chosen()).isEqualTo(SIMILARITY);
    assertThat(pcaWins.chosen()).isEqualTo(PCA);
    FamilyChoice.Candidate loose = similarityWins.candidates().get(0);
    FamilyChoice.Candidate tight = similarityWins.candidates().get(1);
    // A quarter of the fitting span (the first 80 % of four hours): about 48 one-minute windows per
    // pump.
    assertThat(tight.validation().windows()).isBetween(180, 195);
    assertThat(loose.falseAlarmsPerPumpDay())
        .isGreaterThan(Math.max(100, 10 * tight.falseAlarmsPerPumpDay()));
    assertThat(similarityWins.reason()).startsWith("similarity: fewest false alarms per pump-day");
    assertThat(similarityWins.asConfig())
        .containsEntry(FamilyChoice.CANDIDATES_KEY, "pca-t2-q,similarity")
        .containsKeys(
            "validation.pca-t2-q.falseAlarmsPerPumpDay",
            "validation.similarity.falseAlarmsPerPumpDay")
        .doesNotContainKey("validation.similarity.f1");
  }

  @Test
  void withLabelledFaultsBeforeTheHoldOutTheHighestF1WinsAndTheFaultsWereNeverFitted() {
    ReproducibleTraining.Validated validated = validated(true);
    long holdoutStart =
        validated.holdout().stream()
            .mapToLong(PumpWindows.Row::windowStartMillis)
            .min()
            .orElseThrow();
    assertThat(validated.anomalous()).anyMatch(r -> r.windowStartMillis() < holdoutStart);

    FamilyChoice.Result choice =
        FamilyChoice.choose(List.of(PCA, SIMILARITY), validated, SPEC, 0.25);

    double best =
        choice.candidates().stream().mapToDouble(c -> c.validation().f1()).max().orElseThrow();
    FamilyChoice.Candidate chosen =
        choice.candidates().stream()
            .filter(c -> c.family().equals(choice.chosen().name()))
            .findFirst()
            .orElseThrow();
    assertThat(chosen.validation().f1()).isEqualTo(best);
    assertThat(chosen.validation().labelled()).isTrue();
    assertThat(chosen.validation().truePositives() + chosen.validation().falseNegatives())
        .as("only the labelled windows before the hold-out")
        .isLessThan(validated.anomalous().size());
    assertThat(choice.reason()).contains("highest F1");
    assertThat(choice.asConfig())
        .containsKeys("validation.pca-t2-q.f1", "validation.similarity.f1");
  }

  @Test
  void theChoiceIsTheSameEveryTime() {
    List<ModelFamily> families = List.of(PCA, SIMILARITY);

    assertThat(FamilyChoice.choose(families, validated(false), SPEC, 0.25))
        .isEqualTo(FamilyChoice.choose(families, validated(false), SPEC, 0.25));
  }
}
