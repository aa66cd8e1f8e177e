package io.pumpops.deploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageManifest;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.onnx.ModelExport;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageBuilderTest {

  private static final KeyPair KEY = SigningKeys.generate();

  @Test
  void aRegisteredModelBecomesASignedPackageDescribingItselfPerTarget() throws Exception {
    byte[] onnx = realModel();
    PackageBuilder builder = new PackageBuilder(KEY.getPrivate(), OnnxExport.SCORE, 1.0);
    PackageBuilder.ModelSource source =
        new PackageBuilder.ModelSource(
            "pump-anomaly",
            4,
            Sha256.hex(onnx),
            "pump-v1",
            "{\"featureSpecVersion\":\"pump-v1\"}",
            onnx);

    ModelPackage.Built small =
        builder.build(source, TargetProfile.parse("arm64-small=1,1,BASIC_OPT"));
    ModelPackage.Built standard =
        builder.build(source, TargetProfile.parse("x86-64-standard=2,1,ALL_OPT"));
    PackageManifest manifest =
        ModelPackage.verify(small.bytes(), small.sha256(), KEY.getPublic()).manifest();

    assertThat(manifest.input().name()).isEqualTo(OnnxExport.INPUT);
    assertThat(manifest.input().shape())
        .containsExactly(-1L, (long) FeatureSpec.PUMP_V1.featureNames().size());
    assertThat(manifest.outputs())
        .extracting(PackageManifest.Tensor::name)
        .contains(OnnxExport.SCORE, OnnxExport.T2, OnnxExport.Q);
    assertThat(manifest.minOnnxRuntimeVersion()).isEqualTo("1.7.0");
    assertThat(manifest.sessionOptions())
        .isEqualTo(new PackageManifest.SessionOptions(1, 1, "BASIC_OPT"));
    assertThat(manifest.featureNames()).isEqualTo(FeatureSpec.PUMP_V1.featureNames());
    assertThat(manifest.referenceProfileJson()).contains("pump-v1");
    assertThat(standard.sha256()).isNotEqualTo(small.sha256());
    assertThat(builder.build(source, TargetProfile.parse("arm64-small=1,1,BASIC_OPT")).sha256())
        .as("deterministic")
        .isEqualTo(small.sha256());
  }

  @Test
  void aModelOnnxRuntimeCannotLoadIsNeverPackaged() {
    byte[] junk = "not a model".getBytes(StandardCharsets.UTF_8);
    PackageBuilder builder = new PackageBuilder(KEY.getPrivate(), OnnxExport.SCORE, 1.0);
    assertThatThrownBy(
            () ->
                builder.build(
                    new PackageBuilder.ModelSource("m", 1, Sha256.hex(junk), "pump-v1", null, junk),
                    TargetProfile.parse("x=1,1,ALL_OPT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load");
    assertThatThrownBy(() -> TargetProfile.parse("x86-64-standard"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The gateway feeds a model with pump baselines its pump's row too (ADR 21): packaged as any. */
  @Test
  void aModelWithPumpBaselinesIsPackagedWithItsFeaturesInput() throws Exception {
    List<PumpWindows.Row> rows = windows();
    PumpBaselines baselines =
        PumpBaselines.fit(
            rows.stream().map(PumpWindows.Row::pumpId).toList(),
            rows.stream().map(PumpWindows.Row::features).toList(),
            60);
    PcaAnomalyModel model =
        PcaAnomalyModel.fit(
            FeatureSpec.PUMP_V1.featureNames(),
            rows.stream().map(r -> baselines.apply(r.pumpId(), r.features())).toList(),
            PcaAnomalyModel.Settings.defaults());
    byte[] onnx = ModelExport.toOnnx(model, baselines, "pump-anomaly", Map.of());
    PackageBuilder builder = new PackageBuilder(KEY.getPrivate(), OnnxExport.SCORE, 1.0);

    ModelPackage.Built built =
        builder.build(
            new PackageBuilder.ModelSource(
                "pump-anomaly", 5, Sha256.hex(onnx), "pump-v1", null, onnx),
            TargetProfile.parse("x86-64-standard=2,1,ALL_OPT"));

    PackageManifest manifest =
        ModelPackage.verify(built.bytes(), built.sha256(), KEY.getPublic()).manifest();
    assertThat(manifest.input().name()).isEqualTo(OnnxExport.INPUT);
    assertThat(ModelPackage.verify(built.bytes(), built.sha256(), KEY.getPublic()).model())
        .isEqualTo(onnx);
  }

  private static byte[] realModel() {
    PcaAnomalyModel model =
        PcaAnomalyModel.fit(
            FeatureSpec.PUMP_V1.featureNames(),
            windows().stream().map(PumpWindows.Row::features).toList(),
            PcaAnomalyModel.Settings.defaults());
    return OnnxExport.toOnnx(model, "pump-anomaly", Map.of());
  }

  private static List<PumpWindows.Row> windows() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    PumpWindows windows = new PumpWindows(FeatureSpec.PUMP_V1);
    for (int p = 0; p < 3; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "s",
              "pump-" + p,
              start,
              Duration.ofSeconds(5),
              List.of(),
              p,
              Optional.of(start.plus(Duration.ofHours(2))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    return windows.completeRows();
  }
}
