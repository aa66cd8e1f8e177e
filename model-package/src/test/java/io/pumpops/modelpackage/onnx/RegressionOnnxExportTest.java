package io.pumpops.modelpackage.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.modelpackage.model.RegressionResidualModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The regression-residuals family's graph in the real ONNX Runtime against its Java model. */
class RegressionOnnxExportTest {

  private static final List<String> CHANNELS =
      List.of("flow", "pressure", "current", "vibration", "temperature");

  /** Flow sets pressure and current; {@code leak} lowers pressure for the same flow. */
  private static List<double[]> rows(long seed, int count, boolean leak) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double flow = 100 + 10 * random.nextGaussian();
      rows.add(
          new double[] {
            flow,
            0.02 * flow + (leak ? -0.3 : 0) + 0.02 * random.nextGaussian(),
            0.05 * flow + 0.05 * random.nextGaussian(),
            0.3 + 0.01 * random.nextGaussian(),
            40 + random.nextGaussian()
          });
    }
    return rows;
  }

  private final RegressionResidualModel model =
      RegressionResidualModel.fit(
          CHANNELS, rows(1, 2000, false), RegressionResidualModel.Settings.defaults());
  private final byte[] onnx =
      ModelExport.toOnnx(model, "pump-anomaly", Map.of("family", RegressionResidualModel.FAMILY));

  @Test
  void onnxRuntimeAgreesWithTheJavaModelOnEveryOutput() throws Exception {
    List<double[]> evaluation = new ArrayList<>(rows(2, 300, false));
    evaluation.addAll(rows(3, 50, true));
    evaluation.add(new double[] {1e4, -1e4, 0, 0, 0});

    OnnxParity.Result parity = OnnxParity.check(model, onnx, evaluation);

    assertThat(parity.rows()).isEqualTo(351);
    assertThat(parity.passed()).as("worst difference %s", parity.worstDifference()).isTrue();
  }

  @Test
  void healthyRowsRarelyAlarmAndALeakAlwaysDoes() throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      long falseAlarms =
          scorer.outputs(rows(4, 1000, false)).stream()
              .filter(o -> o.get(OnnxExport.ANOMALY) == 1.0)
              .count();
      long caught =
          scorer.outputs(rows(5, 100, true)).stream()
              .filter(o -> o.get(OnnxExport.ANOMALY) == 1.0)
              .count();

      assertThat(falseAlarms).isLessThan(25);
      // Pressure 0.3 bar low for its flow: 15 healthy standard deviations of pressure's residual.
      assertThat(caught).isEqualTo(100);
    }
  }

  @Test
  void equalModelsExportToEqualBytes() {
    RegressionResidualModel again =
        RegressionResidualModel.fit(
            CHANNELS, rows(1, 2000, false), RegressionResidualModel.Settings.defaults());

    assertThat(
            ModelExport.toOnnx(
                again, "pump-anomaly", Map.of("family", RegressionResidualModel.FAMILY)))
        .isEqualTo(onnx);
  }
}
