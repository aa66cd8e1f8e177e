package io.pumpops.training.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.pumpops.features.FeatureSpec;
import io.pumpops.localstack.simulator.Scenario;
import io.pumpops.localstack.simulator.SyntheticPump;
import io.pumpops.training.SyntheticWindows;
import io.pumpops.training.model.PcaAnomalyModel;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exported graph in the real ONNX Runtime, on pump features computed by the features library. */
class OnnxExportTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  /** One feature row per minute of a synthetic pump, complete windows only, by the features library. */
  private static List<double[]> featureRows(String pumpId, Duration length, List<Scenario> scenarios) {
    return SyntheticWindows.rows(SPEC, List.of(new SyntheticPump("site", pumpId, T0, Duration.ofSeconds(2), scenarios, 5,
        Optional.of(T0.plus(length)))));
  }

  private static final List<double[]> TRAINING = new ArrayList<>();

  static {
    for (int p = 0; p < 4; p++) {
      TRAINING.addAll(featureRows("pump-" + p, Duration.ofHours(3), List.of()));
    }
  }

  private final PcaAnomalyModel model = PcaAnomalyModel.fit(SPEC.featureNames(), TRAINING,
      PcaAnomalyModel.Settings.defaults());
  private final byte[] onnx = OnnxExport.toOnnx(model, "pump-anomaly", Map.of("featureSpecVersion", SPEC.version()));

  @Test
  void onnxRuntimeAgreesWithTheJavaModelWithinTheTolerance() throws Exception {
    List<double[]> evaluation = new ArrayList<>(featureRows("pump-9", Duration.ofHours(1), List.of()));
    evaluation.addAll(featureRows("pump-8", Duration.ofHours(1),
        List.of(Scenario.of("pump-8", Scenario.Kind.BEARING_WEAR, Duration.ofMinutes(20)))));

    OnnxParity.Result parity = OnnxParity.check(model, onnx, evaluation);

    assertThat(parity.rows()).isEqualTo(evaluation.size()).isGreaterThan(100);
    assertThat(parity.worstDifference()).isLessThan(OnnxParity.TOLERANCE);
    assertThat(parity.passed()).isTrue();
  }

  @Test
  void aBearingFaultScoresAsAnAnomalyInOnnxRuntimeAndHealthyRowsMostlyDoNot() throws Exception {
    List<double[]> healthy = featureRows("pump-9", Duration.ofHours(1), List.of());
    List<double[]> worn = featureRows("pump-8", Duration.ofHours(1),
        List.of(Scenario.of("pump-8", Scenario.Kind.BEARING_WEAR, Duration.ofMinutes(10))));

    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      long falseAlarms = scorer.score(healthy).stream().filter(PcaAnomalyModel.Score::anomaly).count();
      List<PcaAnomalyModel.Score> wornScores = scorer.score(worn.subList(30, worn.size()));
      assertThat(falseAlarms).isLessThanOrEqualTo(3);
      assertThat(wornScores).allSatisfy(s -> assertThat(s.anomaly()).isTrue());
    }
  }

  @Test
  void theFileIsDeterministicAndCarriesItsContract() throws Exception {
    PcaAnomalyModel refit = PcaAnomalyModel.fit(SPEC.featureNames(), TRAINING, PcaAnomalyModel.Settings.defaults());
    byte[] again = OnnxExport.toOnnx(refit, "pump-anomaly", Map.of("featureSpecVersion", SPEC.version()));

    assertThat(sha256(again)).isEqualTo(sha256(onnx));
    OnnxMl.ModelProto parsed = OnnxMl.ModelProto.parseFrom(onnx);
    assertThat(parsed.getGraph().getInput(0).getName()).isEqualTo(OnnxExport.INPUT);
    assertThat(parsed.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue())
        .isEqualTo(SPEC.featureNames().size());
    assertThat(parsed.getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName)
        .containsExactly(OnnxExport.T2, OnnxExport.Q, OnnxExport.SCORE, OnnxExport.ANOMALY);
    assertThat(parsed.getMetadataPropsList()).extracting(OnnxMl.StringStringEntryProto::getValue).contains("pump-v1");
    assertThat(parsed.toString()).doesNotContainIgnoringCase("timestamp");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
