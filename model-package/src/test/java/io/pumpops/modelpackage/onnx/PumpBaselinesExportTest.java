package io.pumpops.modelpackage.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PumpBaselines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fleet of pumps each at its own operating point (ADR 21): every family's graph behind the pumps'
 * baselines agrees with the Java model in the real ONNX Runtime, and a pump's fault that the
 * fleet's spread hides is found against the pump's own baseline.
 */
class PumpBaselinesExportTest {

  private static final List<String> FEATURES = List.of("flow", "pressure", "current");

  private static final int PUMPS = 8;

  /**
   * Pump {@code i} of a fleet of one kind, each pump at its own operating point (pressure offset by
   * half a bar from the next pump's, current by a tenth of an ampere), then a new pump the model
   * has never seen; {@code leak} lowers pressure.
   */
  private static double[] reading(Random random, int pump, double leak) {
    double flow = 100 + 5 * random.nextGaussian();
    return new double[] {
      flow,
      8 + 0.5 * (pump - PUMPS / 2.0) + 0.02 * flow - leak + 0.02 * random.nextGaussian(),
      20 + 0.1 * pump + 0.05 * flow + 0.05 * random.nextGaussian()
    };
  }

  private record Fleet(List<String> pumps, List<double[]> rows) {}

  /** Every pump's windows, interleaved; pump 0 leaking by {@code leak}. */
  private static Fleet fleet(long seed, int perPump, double leak) {
    Random random = new Random(seed);
    List<String> pumps = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < perPump; i++) {
      for (int pump = 0; pump < PUMPS; pump++) {
        pumps.add("pump-" + pump);
        rows.add(reading(random, pump, pump == 0 ? leak : 0));
      }
    }
    return new Fleet(pumps, rows);
  }

  static List<String> families() {
    return ModelFamily.KNOWN;
  }

  @ParameterizedTest
  @MethodSource("families")
  void theGraphBehindTheBaselinesAgreesWithTheJavaModel(String family) throws Exception {
    Fleet training = fleet(1, 200, 0);
    PumpBaselines baselines = PumpBaselines.fit(training.pumps(), training.rows(), 60);
    AnomalyModel model = fitted(family, training, baselines);
    byte[] onnx = ModelExport.toOnnx(model, baselines, "pump-anomaly", Map.of());

    Fleet evaluation = fleet(2, 50, 0.3);
    List<String> pumps = new ArrayList<>(evaluation.pumps());
    List<double[]> rows = new ArrayList<>(evaluation.rows());
    // A pump the model has never seen is read against the fleet's row.
    pumps.add("new-pump");
    rows.add(reading(new Random(3), 3, 0));
    OnnxParity.Result parity = OnnxParity.check(model, baselines, onnx, rows, pumps);

    assertThat(parity.rows()).isEqualTo(401);
    assertThat(parity.passed()).as("worst difference %s", parity.worstDifference()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("families")
  void aSmallPumpsFaultIsFoundAgainstItsOwnBaselineOnly(String family) throws Exception {
    Fleet training = fleet(1, 200, 0);
    PumpBaselines baselines = PumpBaselines.fit(training.pumps(), training.rows(), 60);
    byte[] perPump =
        ModelExport.toOnnx(
            fitted(family, training, baselines), baselines, "pump-anomaly", Map.of());
    byte[] fleetWide =
        ModelExport.toOnnx(
            ModelFamily.defaults(family).fit(FEATURES, training.rows()), "pump-anomaly", Map.of());
    // Pressure 0.3 bar low: fifteen of the pump's own spreads, within the fleet's operating points.
    Random random = new Random(4);
    List<double[]> leaking = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      leaking.add(reading(random, 0, 0.3));
    }
    List<String> pump0 = java.util.Collections.nCopies(leaking.size(), "pump-0");

    assertThat(anomalies(perPump, leaking, pump0)).isGreaterThanOrEqualTo(95);
    assertThat(anomalies(fleetWide, leaking, null)).isLessThan(20);
    Fleet healthy = fleet(5, 100, 0);
    assertThat(anomalies(perPump, healthy.rows(), healthy.pumps())).isLessThan(40);
  }

  @ParameterizedTest
  @MethodSource("families")
  void aModelWithBaselinesRefusesRowsWithoutPumps(String family) throws Exception {
    Fleet training = fleet(1, 200, 0);
    PumpBaselines baselines = PumpBaselines.fit(training.pumps(), training.rows(), 60);
    byte[] onnx =
        ModelExport.toOnnx(
            fitted(family, training, baselines), baselines, "pump-anomaly", Map.of());

    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      assertThat(scorer.needsPumpIds()).isTrue();
      assertThatThrownBy(() -> scorer.outputs(training.rows()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pump id");
    }
  }

  private static AnomalyModel fitted(String family, Fleet training, PumpBaselines baselines) {
    List<double[]> own = new ArrayList<>();
    for (int i = 0; i < training.rows().size(); i++) {
      own.add(baselines.apply(training.pumps().get(i), training.rows().get(i)));
    }
    return ModelFamily.defaults(family).fit(FEATURES, own);
  }

  private static long anomalies(byte[] onnx, List<double[]> rows, List<String> pumps)
      throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      return scorer.outputs(rows, pumps).stream()
          .filter(o -> o.get(OnnxExport.ANOMALY) == 1.0)
          .count();
    }
  }
}
