package io.pumpops.modelpackage.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exported graph in the real ONNX Runtime, on rows as wide as the production feature spec. The
 * rows come from a few correlated latent loads plus noise, as pump features do; training-service's
 * {@code OnnxOnSimulatedPumpsTest} scores the simulator's pumps.
 */
class OnnxExportTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final int WIDTH = SPEC.featureNames().size();
  private static final double[][] LOADINGS = loadings(new Random(3), 3);

  private static double[][] loadings(Random random, int factors) {
    double[][] loadings = new double[factors][WIDTH];
    for (double[] factor : loadings) {
      for (int j = 0; j < WIDTH; j++) {
        factor[j] = random.nextGaussian();
      }
    }
    return loadings;
  }

  /** Rows driven by three latent loads; {@code shift} moves five features off the loads' plane. */
  private static List<double[]> rows(long seed, int count, double shift) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double[] row = new double[WIDTH];
      for (double[] factor : LOADINGS) {
        double load = random.nextGaussian();
        for (int j = 0; j < WIDTH; j++) {
          row[j] += load * factor[j];
        }
      }
      for (int j = 0; j < WIDTH; j++) {
        row[j] += 0.1 * random.nextGaussian() + 5 + (j < 5 ? shift : 0);
      }
      rows.add(row);
    }
    return rows;
  }

  private static final List<double[]> TRAINING = rows(1, 3000, 0);

  private final PcaAnomalyModel model =
      PcaAnomalyModel.fit(SPEC.featureNames(), TRAINING, PcaAnomalyModel.Settings.defaults());
  private final byte[] onnx =
      OnnxExport.toOnnx(model, "pump-anomaly", Map.of("featureSpecVersion", SPEC.version()));

  @Test
  void onnxRuntimeAgreesWithTheJavaModelWithinTheTolerance() throws Exception {
    List<double[]> evaluation = new ArrayList<>(rows(2, 300, 0));
    evaluation.addAll(rows(3, 100, 2.0));

    OnnxParity.Result parity = OnnxParity.check(model, onnx, evaluation);

    assertThat(parity.rows()).isEqualTo(400);
    assertThat(parity.worstDifference()).isLessThan(OnnxParity.TOLERANCE);
    assertThat(parity.passed()).isTrue();
  }

  @Test
  void rowsOffTheModelsPlaneScoreAsAnomaliesInOnnxRuntimeAndHealthyRowsMostlyDoNot()
      throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      long falseAlarms =
          scorer.score(rows(4, 1000, 0)).stream().filter(PcaAnomalyModel.Score::anomaly).count();
      List<PcaAnomalyModel.Score> shifted = scorer.score(rows(5, 100, 2.0));
      // The default limits are each statistic's 99.5th percentile: about 1 % of healthy rows exceed
      // one.
      assertThat(falseAlarms).isLessThanOrEqualTo(20);
      assertThat(shifted).allSatisfy(s -> assertThat(s.anomaly()).isTrue());
    }
  }

  @Test
  void theFileIsDeterministicAndCarriesItsContract() throws Exception {
    PcaAnomalyModel refit =
        PcaAnomalyModel.fit(SPEC.featureNames(), TRAINING, PcaAnomalyModel.Settings.defaults());
    byte[] again =
        OnnxExport.toOnnx(refit, "pump-anomaly", Map.of("featureSpecVersion", SPEC.version()));

    assertThat(sha256(again)).isEqualTo(sha256(onnx));
    OnnxMl.ModelProto parsed = OnnxMl.ModelProto.parseFrom(onnx);
    assertThat(parsed.getGraph().getInput(0).getName()).isEqualTo(OnnxExport.INPUT);
    assertThat(
            parsed
                .getGraph()
                .getInput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDim(1)
                .getDimValue())
        .isEqualTo(WIDTH);
    assertThat(parsed.getGraph().getOutputList())
        .extracting(OnnxMl.ValueInfoProto::getName)
        .containsExactly(OnnxExport.T2, OnnxExport.Q, OnnxExport.SCORE, OnnxExport.ANOMALY);
    assertThat(parsed.getMetadataPropsList())
        .extracting(OnnxMl.StringStringEntryProto::getValue)
        .contains("pump-v1");
    assertThat(parsed.toString()).doesNotContainIgnoringCase("timestamp");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
