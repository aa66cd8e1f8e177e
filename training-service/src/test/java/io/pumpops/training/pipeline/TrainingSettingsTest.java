package io.pumpops.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training settings written into lineage must read back as the same settings, old lineage included. */
class TrainingSettingsTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;

  @Test
  void theControlLimitRoundTripsThroughLineageAndOldLineageStaysEmpirical() {
    ReproducibleTraining.Settings empirical = new ReproducibleTraining.Settings(SPEC,
        new PcaAnomalyModel.Settings(0.9, 0.9995), 300, 0.05, 0.2, 42L);
    // Lineage written before control limits existed has no key, and must rebuild the same way.
    assertThat(empirical.asTrainingConfig()).doesNotContainKey("controlLimit");
    ReproducibleTraining.Settings fitted = new ReproducibleTraining.Settings(SPEC,
        new PcaAnomalyModel.Settings(0.9, 0.99999, ControlLimit.SCALED_CHI_SQUARE), 300, 0.05, 0.2, 42L);
    Map<String, String> config = fitted.asTrainingConfig();
    assertThat(config).containsEntry("controlLimit", "scaled-chi-square");
    assertThat(ReproducibleTraining.Settings.fromTrainingConfig(SPEC, config, 42L)).isEqualTo(fitted);
    assertThat(ReproducibleTraining.Settings.fromTrainingConfig(SPEC, empirical.asTrainingConfig(), 42L).model())
        .isEqualTo(empirical.model());
  }
}
