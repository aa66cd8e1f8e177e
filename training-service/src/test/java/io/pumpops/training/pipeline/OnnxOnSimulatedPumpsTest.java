package io.pumpops.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.modelpackage.onnx.OnnxParity;
import io.pumpops.modelpackage.onnx.OnnxScorer;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SyntheticPump;
import io.pumpops.training.SyntheticWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A model trained as training-service trains it, exported and scored in the real ONNX Runtime on
 * pump features the features library computes from the simulator (model-package tests the export
 * itself).
 */
class OnnxOnSimulatedPumpsTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  /**
   * One feature row per minute of a synthetic pump, complete windows only, by the features library.
   */
  private static List<double[]> featureRows(
      String pumpId, Duration length, List<Scenario> scenarios) {
    return SyntheticWindows.rows(
        SPEC,
        List.of(
            new SyntheticPump(
                "site",
                pumpId,
                T0,
                Duration.ofSeconds(2),
                scenarios,
                5,
                Optional.of(T0.plus(length)))));
  }

  private static final List<double[]> TRAINING = new ArrayList<>();

  static {
    for (int p = 0; p < 4; p++) {
      TRAINING.addAll(featureRows("pump-" + p, Duration.ofHours(3), List.of()));
    }
  }

  private final PcaAnomalyModel model =
      PcaAnomalyModel.fit(SPEC.featureNames(), TRAINING, PcaAnomalyModel.Settings.defaults());
  private final byte[] onnx =
      OnnxExport.toOnnx(model, "pump-anomaly", Map.of("featureSpecVersion", SPEC.version()));

  @Test
  void onnxRuntimeAgreesWithTheJavaModelWithinTheTolerance() throws Exception {
    List<double[]> evaluation =
        new ArrayList<>(featureRows("pump-9", Duration.ofHours(1), List.of()));
    evaluation.addAll(
        featureRows(
            "pump-8",
            Duration.ofHours(1),
            List.of(Scenario.of("pump-8", Scenario.Kind.BEARING_WEAR, Duration.ofMinutes(20)))));

    OnnxParity.Result parity = OnnxParity.check(model, onnx, evaluation);

    assertThat(parity.rows()).isEqualTo(evaluation.size()).isGreaterThan(100);
    assertThat(parity.worstDifference()).isLessThan(OnnxParity.TOLERANCE);
    assertThat(parity.passed()).isTrue();
  }

  @Test
  void aBearingFaultScoresAsAnAnomalyInOnnxRuntimeAndHealthyRowsMostlyDoNot() throws Exception {
    List<double[]> healthy = featureRows("pump-9", Duration.ofHours(1), List.of());
    List<double[]> worn =
        featureRows(
            "pump-8",
            Duration.ofHours(1),
            List.of(Scenario.of("pump-8", Scenario.Kind.BEARING_WEAR, Duration.ofMinutes(10))));

    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      long falseAlarms =
          scorer.score(healthy).stream().filter(PcaAnomalyModel.Score::anomaly).count();
      List<PcaAnomalyModel.Score> wornScores = scorer.score(worn.subList(30, worn.size()));
      assertThat(falseAlarms).isLessThanOrEqualTo(3);
      assertThat(wornScores).allSatisfy(s -> assertThat(s.anomaly()).isTrue());
    }
  }
}
