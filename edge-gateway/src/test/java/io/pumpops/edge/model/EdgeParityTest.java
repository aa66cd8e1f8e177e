package io.pumpops.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pumpops.edge.support.TestPackages;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageRejectedException;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.model.RegressionResidualModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gateway's scores (its ONNX Runtime session) equal the training-service's Java scores. */
class EdgeParityTest {

  @Test
  void edgeScoresEqualTheJavaModelWithin1e5OnNormalAndFaultyWindows() throws Exception {
    assertEdgeScoresEqualJava(TestPackages.fit(7, 3));
  }

  /**
   * The gateway knows no family: every other family's package loads and scores through the same
   * manifest.
   */
  @Test
  void theOtherFamiliesPackagesLoadAndScoreAsTheirJavaModelsDo() throws Exception {
    for (ModelFamily family :
        List.of(
            RegressionResidualModel.Settings.defaults(),
            SimilarityAnomalyModel.Settings.defaults())) {
      AnomalyModel model = TestPackages.fit(7, 3, family);
      assertThat(model.family()).isEqualTo(family.name());

      assertEdgeScoresEqualJava(model);
    }
  }

  /**
   * A model behind its pumps' baselines (ADR 21): the gateway feeds each window's pump, and a pump
   * the model was not trained on is read against the fleet's row, as the Java model reads it.
   */
  @Test
  void aModelWithPumpBaselinesScoresEachPumpAgainstItsOwn() throws Exception {
    for (ModelFamily family :
        List.of(RegressionResidualModel.Settings.defaults(), PcaAnomalyModel.Settings.defaults())) {
      TestPackages.Baselined baselined = TestPackages.fitWithBaselines(7, 3, family);
      assertThat(baselined.baselines().pumpIds())
          .containsExactly("pump-0", "pump-1", "pump-2", "pump-3");

      assertEdgeScoresEqualJava(baselined.model(), baselined.baselines());
    }
  }

  /** A table row that cannot score (a spread of zero) is refused before the model scores. */
  @Test
  void aPumpRowThatCannotScoreIsRefusedAtLoad() throws Exception {
    TestPackages.Baselined baselined =
        TestPackages.fitWithBaselines(7, 3, RegressionResidualModel.Settings.defaults());
    PumpBaselines table = baselined.baselines();
    double[][] scale = table.scale().clone();
    scale[1] = new double[scale[1].length];
    PumpBaselines broken =
        new PumpBaselines(table.pumpIds(), table.mean(), scale, table.minWindows());
    KeyPair key = SigningKeys.generate();
    ModelPackage.Built built =
        TestPackages.build(
            baselined.model(), broken, "pump-anomaly", 1, "x86-64-standard", key.getPrivate());

    assertThatThrownBy(
            () ->
                LoadedModel.load(
                    ModelPackage.verify(built.bytes(), built.sha256(), key.getPublic())))
        .isInstanceOf(PackageRejectedException.class)
        .hasMessageContaining("pump-1");
  }

  private static void assertEdgeScoresEqualJava(AnomalyModel model) throws Exception {
    assertEdgeScoresEqualJava(model, null);
  }

  private static void assertEdgeScoresEqualJava(AnomalyModel model, PumpBaselines baselines)
      throws Exception {
    KeyPair key = SigningKeys.generate();
    ModelPackage.Built built =
        TestPackages.build(
            model, baselines, "pump-anomaly", 1, "x86-64-standard", key.getPrivate());

    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    PumpWindows windows = new PumpWindows(TestPackages.SPEC);
    // pump-0 to pump-2 are known to a model with baselines; pump-9 is not.
    for (int p : new int[] {0, 1, 2, 9}) {
      SyntheticPump pump =
          new SyntheticPump(
              "s",
              "pump-" + p,
              start,
              Duration.ofSeconds(5),
              List.of(Scenario.parse("pump-1:CAVITATION:PT1H")),
              99 + p,
              Optional.of(start.plus(Duration.ofHours(2))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    List<PumpWindows.Row> rows = windows.completeRows();

    int anomalies = 0;
    try (LoadedModel edge =
        LoadedModel.load(ModelPackage.verify(built.bytes(), built.sha256(), key.getPublic()))) {
      assertThat(edge.hasPumpBaselines()).isEqualTo(baselines != null);
      for (PumpWindows.Row row : rows) {
        double[] asFloat = new double[row.features().length];
        for (int i = 0; i < asFloat.length; i++) {
          asFloat[i] = (float) row.features()[i];
        }
        if (baselines != null) {
          asFloat = baselines.apply(row.pumpId(), asFloat);
        }
        double java = model.scoreOf(asFloat);
        LoadedModel.Score onnx = edge.score(row.pumpId(), row.features());
        double tolerance = 1e-5 * Math.max(1, Math.abs(java));
        assertThat(onnx.score())
            .as("%s %s@%d", model.family(), row.pumpId(), row.windowStartMillis())
            .isCloseTo(java, within(tolerance));
        assertThat(onnx.anomalous()).isEqualTo(model.anomalous(asFloat));
        anomalies += onnx.anomalous() ? 1 : 0;
      }
    }
    assertThat(rows).hasSizeGreaterThan(300);
    assertThat(anomalies).as("the cavitating pump is flagged by %s", model.family()).isPositive();
  }
}
