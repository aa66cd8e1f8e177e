package io.pumpops.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training settings written into lineage must read back as the same settings, old lineage included.
 */
class TrainingSettingsTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;

  @Test
  void theControlLimitRoundTripsThroughLineageAndOldLineageStaysEmpirical() {
    PcaAnomalyModel.Settings empiricalPca = new PcaAnomalyModel.Settings(0.9, 0.9995);
    ReproducibleTraining.Settings empirical =
        new ReproducibleTraining.Settings(SPEC, empiricalPca, 300, 0.05, 0.2, 42L);
    // Lineage written before control limits existed has no key, and must rebuild the same way.
    assertThat(empirical.asTrainingConfig(empiricalPca)).doesNotContainKey("controlLimit");
    PcaAnomalyModel.Settings fittedPca =
        new PcaAnomalyModel.Settings(0.9, 0.99999, ControlLimit.SCALED_CHI_SQUARE);
    ReproducibleTraining.Settings fitted =
        new ReproducibleTraining.Settings(SPEC, fittedPca, 300, 0.05, 0.2, 42L);
    Map<String, String> config = fitted.asTrainingConfig(fittedPca);
    assertThat(config).containsEntry("controlLimit", "scaled-chi-square");
    assertThat(ReproducibleTraining.Settings.fromTrainingConfig(SPEC, config, 42L))
        .isEqualTo(fitted);
    assertThat(
            ReproducibleTraining.Settings.fromTrainingConfig(
                    SPEC, empirical.asTrainingConfig(empiricalPca), 42L)
                .families())
        .containsExactly(empiricalPca);
  }

  @Test
  void lineageKeepsTheFamilyTrainedAndARebuildReadsThatFamilyAlone() {
    SimilarityAnomalyModel.Settings similarity =
        new SimilarityAnomalyModel.Settings(60, 0.999, ControlLimit.SCALED_CHI_SQUARE);
    ReproducibleTraining.Settings both =
        new ReproducibleTraining.Settings(
            SPEC,
            List.of(PcaAnomalyModel.Settings.defaults(), similarity),
            0.3,
            300,
            0.05,
            0.2,
            42L,
            DriftCalibration.defaults(DriftMonitoring.defaults(SPEC)),
            PumpWindows.ALL_WINDOWS);

    Map<String, String> lineage = both.asTrainingConfig(similarity);

    assertThat(lineage)
        .containsEntry("modelFamily", "similarity")
        .containsEntry("memorySize", "60")
        .doesNotContainKey("varianceToKeep");
    ReproducibleTraining.Settings rebuild =
        ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L);
    assertThat(rebuild.families()).containsExactly(similarity);
    assertThat(rebuild.minRows()).isEqualTo(300);
    assertThat(rebuild.driftCalibration()).isEqualTo(both.driftCalibration());
  }

  @Test
  void theWindowSampleIsInLineageAndARebuildDrawsTheSameOneLineageWithoutItKeptEveryWindow() {
    ReproducibleTraining.Settings sampled =
        new ReproducibleTraining.Settings(
            SPEC,
            List.of(PcaAnomalyModel.Settings.defaults()),
            0.25,
            300,
            0.05,
            0.2,
            42L,
            DriftCalibration.defaults(DriftMonitoring.defaults(SPEC)),
            100_000);
    ReproducibleTraining.Settings every =
        new ReproducibleTraining.Settings(
            SPEC, PcaAnomalyModel.Settings.defaults(), 300, 0.05, 0.2, 42L);

    Map<String, String> lineage = sampled.asTrainingConfig(PcaAnomalyModel.Settings.defaults());

    assertThat(lineage).containsEntry("maxWindows", "100000");
    assertThat(ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L).maxWindows())
        .isEqualTo(100_000);
    assertThat(every.asTrainingConfig(PcaAnomalyModel.Settings.defaults()))
        .doesNotContainKey("maxWindows");
    assertThat(
            ReproducibleTraining.Settings.fromTrainingConfig(
                    SPEC, every.asTrainingConfig(PcaAnomalyModel.Settings.defaults()), 42L)
                .maxWindows())
        .isEqualTo(PumpWindows.ALL_WINDOWS);
  }

  @Test
  void driftRelationsAreInLineageAndLineageWithoutThemRebuildsWithoutThem() {
    ReproducibleTraining.Settings related =
        new ReproducibleTraining.Settings(
            SPEC,
            List.of(PcaAnomalyModel.Settings.defaults()),
            0.25,
            300,
            0.05,
            0.2,
            42L,
            DriftCalibration.defaults(DriftMonitoring.defaults(SPEC)),
            PumpWindows.ALL_WINDOWS,
            DriftMonitoring.defaults(SPEC).relations());
    ReproducibleTraining.Settings before =
        new ReproducibleTraining.Settings(
            SPEC, PcaAnomalyModel.Settings.defaults(), 300, 0.05, 0.2, 42L);

    Map<String, String> lineage = related.asTrainingConfig(PcaAnomalyModel.Settings.defaults());

    assertThat(lineage).containsEntry("driftRelations", "pressure.mean|flowRate.mean");
    assertThat(
            ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L).driftRelations())
        .isEqualTo(related.driftRelations());
    Map<String, String> old = before.asTrainingConfig(PcaAnomalyModel.Settings.defaults());
    assertThat(old).doesNotContainKey("driftRelations");
    assertThat(ReproducibleTraining.Settings.fromTrainingConfig(SPEC, old, 42L).driftRelations())
        .isEmpty();
  }

  @Test
  void lineageOfAFamilyThisBuildDoesNotKnowIsRefusedWithTheKnownOnes() {
    Map<String, String> lineage =
        Map.of(
            "modelFamily",
            "isolation-forest",
            "featureSpecFingerprint",
            SPEC.fingerprint(),
            "minRows",
            "300",
            "maxNanShare",
            "0.05",
            "holdoutShare",
            "0.2");

    assertThatThrownBy(() -> ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L))
        .hasMessageContaining("isolation-forest")
        .hasMessageContaining("pca-t2-q");
  }
}
