package io.pumpops.edge.support;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.DesiredStateSignature;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageManifest;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.onnx.ModelExport;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Real models (model-package's families and ONNX export, fitted on simulated pumps) in real signed
 * packages, standing in for deploy-service in the gateway's own tests.
 */
public final class TestPackages {

  public static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;

  private TestPackages() {}

  /** A PCA model fitted on {@code hours} of normal data from 4 synthetic pumps. */
  public static PcaAnomalyModel fit(long seed, int hours) {
    return (PcaAnomalyModel) fit(seed, hours, PcaAnomalyModel.Settings.defaults());
  }

  /** A model of the given family fitted on {@code hours} of normal data from 4 synthetic pumps. */
  public static AnomalyModel fit(long seed, int hours, ModelFamily family) {
    List<double[]> rows = normal(seed, hours).stream().map(PumpWindows.Row::features).toList();
    return family.fit(SPEC.featureNames(), rows);
  }

  /** A model and the pump baselines it reads its features against (ADR 21). */
  public record Baselined(AnomalyModel model, PumpBaselines baselines) {}

  /** The same 4 pumps' data, each pump judged against its own baseline. */
  public static Baselined fitWithBaselines(long seed, int hours, ModelFamily family) {
    List<PumpWindows.Row> rows = normal(seed, hours);
    PumpBaselines baselines =
        PumpBaselines.fit(
            rows.stream().map(PumpWindows.Row::pumpId).toList(),
            rows.stream().map(PumpWindows.Row::features).toList(),
            60);
    return new Baselined(
        family.fit(
            SPEC.featureNames(),
            rows.stream().map(r -> baselines.apply(r.pumpId(), r.features())).toList()),
        baselines);
  }

  private static List<PumpWindows.Row> normal(long seed, int hours) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    PumpWindows windows = new PumpWindows(SPEC);
    for (int p = 0; p < 4; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "train",
              "pump-" + p,
              start,
              Duration.ofSeconds(5),
              List.of(),
              seed + p,
              Optional.of(start.plus(Duration.ofHours(hours))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    return windows.completeRows();
  }

  public static ModelPackage.Built build(
      AnomalyModel model, String name, int version, PrivateKey key) {
    return build(model, name, version, "x86-64-standard", key);
  }

  /**
   * The desired-state message deploy-service would publish, signed with its key, for a package at
   * {@code url}.
   */
  public static Deployment desired(
      String gatewayId, ModelPackage.Built built, String url, PrivateKey deployKey) {
    return DesiredStateSignature.sign(unsigned(gatewayId, built, url), deployKey);
  }

  /** The same, without deploy-service's signature. */
  public static Deployment unsigned(String gatewayId, ModelPackage.Built built, String url) {
    return Deployment.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(Instant.now())
        .setRolloutId("test")
        .setGatewayId(gatewayId)
        .setModelName(built.manifest().modelName())
        .setModelVersion(built.manifest().modelVersion())
        .setPackageSha256(built.sha256())
        .setPackageUrl(url)
        .setSignature(built.signature())
        .setRing(0)
        .setStatus(DeploymentStatus.PENDING)
        .build();
  }

  /** A package as {@link #build} makes it, for the given hardware class. */
  public static ModelPackage.Built build(
      AnomalyModel model, String name, int version, String target, PrivateKey key) {
    return build(model, null, name, version, target, key);
  }

  /** A package of a model behind its pump baselines (null: none). */
  public static ModelPackage.Built build(
      AnomalyModel model,
      PumpBaselines baselines,
      String name,
      int version,
      String target,
      PrivateKey key) {
    byte[] onnx =
        ModelExport.toOnnx(
            model,
            baselines,
            name,
            Map.of("modelName", name, "modelVersion", String.valueOf(version)));
    PackageManifest manifest =
        new PackageManifest(
            0,
            name,
            version,
            Sha256.hex(onnx),
            target,
            SPEC.version(),
            SPEC.featureNames(),
            Map.of(),
            new PackageManifest.Tensor(
                OnnxExport.INPUT, "FLOAT", List.of(-1L, (long) SPEC.featureNames().size())),
            List.of(new PackageManifest.Tensor(OnnxExport.SCORE, "DOUBLE", List.of(-1L, 1L))),
            OnnxExport.SCORE,
            1.0,
            null,
            "1.7.0",
            new PackageManifest.SessionOptions(1, 1, "ALL_OPT"));
    return ModelPackage.build(manifest, onnx, key);
  }
}
