package io.pumpops.modelpackage.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The similarity family's graph in the real ONNX Runtime against its Java model, on a pump that
 * runs at two operating points (two clouds of healthy states), with rows between and away from
 * them.
 */
class SimilarityOnnxExportTest {

  private static final List<String> CHANNELS =
      List.of("flow", "pressure", "current", "vibration", "temperature");

  /**
   * Healthy rows at operating point 0 or 1; {@code between} puts them half way, where no pump runs.
   */
  private static List<double[]> rows(long seed, int count, boolean between) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double point = between ? 0.5 : random.nextInt(2);
      double[] row = new double[CHANNELS.size()];
      for (int j = 0; j < row.length; j++) {
        row[j] = 10 + 4 * point * (j + 1) + 0.2 * random.nextGaussian();
      }
      rows.add(row);
    }
    return rows;
  }

  private final SimilarityAnomalyModel model =
      SimilarityAnomalyModel.fit(
          CHANNELS, rows(1, 2000, false), SimilarityAnomalyModel.Settings.defaults());
  private final byte[] onnx =
      SimilarityOnnxExport.toOnnx(model, "pump-anomaly", Map.of("family", "similarity"));

  @Test
  void onnxRuntimeAgreesWithTheJavaModelOnHealthyUnseenAndFarRows() throws Exception {
    List<double[]> evaluation = new ArrayList<>(rows(2, 200, false));
    evaluation.addAll(rows(3, 50, true));
    evaluation.add(new double[] {1e4, -1e4, 0, 0, 0});
    List<double[]> asFloat = evaluation.stream().map(SimilarityOnnxExportTest::toFloat).toList();

    List<Map<String, Double>> fromOnnx;
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      fromOnnx = scorer.outputs(asFloat);
    }

    assertThat(fromOnnx).hasSize(evaluation.size());
    for (int i = 0; i < asFloat.size(); i++) {
      SimilarityAnomalyModel.Score java = model.score(asFloat.get(i));
      Map<String, Double> ort = fromOnnx.get(i);
      assertThat(OnnxParity.difference(java.residual(), ort.get(SimilarityOnnxExport.RESIDUAL)))
          .as("residual of row %d", i)
          .isLessThan(OnnxParity.TOLERANCE);
      assertThat(OnnxParity.difference(java.score(), ort.get(OnnxExport.SCORE)))
          .as("score of row %d", i)
          .isLessThan(OnnxParity.TOLERANCE);
      assertThat(ort.get(OnnxExport.ANOMALY) == 1.0)
          .as("verdict of row %d", i)
          .isEqualTo(java.anomaly());
    }
  }

  @Test
  void healthyRowsRarelyAlarmAndRowsBetweenTheOperatingPointsAlwaysDo() throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      long falseAlarms =
          scorer.outputs(rows(4, 1000, false)).stream()
              .filter(o -> o.get(OnnxExport.ANOMALY) == 1.0)
              .count();
      long caught =
          scorer.outputs(rows(5, 100, true)).stream()
              .filter(o -> o.get(OnnxExport.ANOMALY) == 1.0)
              .count();
      // Limits at the 99.5th percentile of held-out healthy rows: about 0.5 % of new healthy rows
      // exceed them.
      assertThat(falseAlarms).isLessThan(25);
      // Half way between the two clouds lies on their line (a PCA plane would accept it), yet no
      // pump runs there.
      assertThat(caught).isEqualTo(100);
    }
  }

  @Test
  void theGenericParityCheckPassesThisGraphAndFailsAnotherModelsGraph() throws Exception {
    List<double[]> evaluation = new ArrayList<>(rows(6, 100, false));
    evaluation.addAll(rows(7, 20, true));

    OnnxParity.Result same =
        OnnxParity.check(model, ModelExport.toOnnx(model, "pump-anomaly", Map.of()), evaluation);
    SimilarityAnomalyModel other =
        SimilarityAnomalyModel.fit(
            CHANNELS, rows(8, 300, false), SimilarityAnomalyModel.Settings.defaults());
    OnnxParity.Result different =
        OnnxParity.check(model, ModelExport.toOnnx(other, "pump-anomaly", Map.of()), evaluation);

    assertThat(same.passed()).as("worst difference %s", same.worstDifference()).isTrue();
    assertThat(same.rows()).isEqualTo(120);
    assertThat(different.passed()).isFalse();
    assertThat(different.worstDifference()).isGreaterThan(OnnxParity.TOLERANCE);
  }

  @Test
  void equalModelsExportToEqualBytes() {
    SimilarityAnomalyModel again =
        SimilarityAnomalyModel.fit(
            CHANNELS, rows(1, 2000, false), SimilarityAnomalyModel.Settings.defaults());

    assertThat(SimilarityOnnxExport.toOnnx(again, "pump-anomaly", Map.of("family", "similarity")))
        .isEqualTo(onnx);
  }

  private static double[] toFloat(double[] row) {
    double[] rounded = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      rounded[j] = (float) row[j];
    }
    return rounded;
  }
}
