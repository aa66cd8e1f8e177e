package io.pumpops.training.run;

import io.pumpops.features.FeatureSpec;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.modelregistry.RegisteredVersion;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.pipeline.ReproducibleTraining;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code retrain --from-lineage}: replays a registered version's exact offset ranges with its
 * recorded configuration and seed, and compares the data fingerprint and the model's SHA-256 with
 * what the registry holds. Nothing is registered; the rebuild is recorded on {@code
 * mlops.training-runs} as a LINEAGE_REBUILD run whose parent is the original run.
 */
public final class LineageRebuild {

  /** The comparison; a reproducible model matches on both. */
  public record Report(
      String modelName,
      int version,
      String runId,
      String parentRunId,
      long records,
      String expectedDataFingerprint,
      String actualDataFingerprint,
      String expectedModelSha256,
      String actualModelSha256,
      String codeVersionThen,
      String codeVersionNow) {

    public boolean dataFingerprintMatches() {
      return expectedDataFingerprint.equals(actualDataFingerprint);
    }

    public boolean modelSha256Matches() {
      return expectedModelSha256.equals(actualModelSha256);
    }

    public boolean reproduced() {
      return dataFingerprintMatches() && modelSha256Matches();
    }
  }

  private final ModelRegistryClient registry;
  private final ReproducibleTraining training;
  private final RunRecorder recorder;
  private final FeatureSpec spec;
  private final String codeVersion;

  public LineageRebuild(
      ModelRegistryClient registry,
      ReproducibleTraining training,
      RunRecorder recorder,
      FeatureSpec spec,
      String codeVersion) {
    this.registry = registry;
    this.training = training;
    this.recorder = recorder;
    this.spec = spec;
    this.codeVersion = codeVersion;
  }

  /**
   * What a rebuild checks before it replays anything: the version exists and this build can rebuild
   * it (the same FeatureSpec, a family it knows). Throws IllegalArgumentException when not.
   */
  public void check(String modelName, int version) throws Exception {
    settings(modelName, version, registry.version(modelName, version).lineage());
  }

  private ReproducibleTraining.Settings settings(String modelName, int version, Lineage lineage) {
    if (!lineage.getFeatureSpecVersion().equals(spec.version())) {
      throw new IllegalArgumentException(
          modelName
              + ":"
              + version
              + " was trained on FeatureSpec "
              + lineage.getFeatureSpecVersion()
              + "; this training-service computes "
              + spec.version());
    }
    return ReproducibleTraining.Settings.fromTrainingConfig(
        spec, lineage.getTrainingConfig(), lineage.getSeed());
  }

  public Report rebuild(String modelName, int version) throws Exception {
    return rebuild(modelName, version, RunRequest.newRunId());
  }

  /**
   * @param runId the rebuild's run id on mlops.training-runs, known to the caller before it starts
   */
  public Report rebuild(String modelName, int version, String runId) throws Exception {
    RegisteredVersion registered = registry.version(modelName, version);
    Lineage lineage = registered.lineage();
    ReproducibleTraining.Settings settings = settings(modelName, version, lineage);
    RunRequest run =
        new RunRequest(
            runId,
            modelName,
            TrainingTrigger.LINEAGE_REBUILD,
            null,
            Instant.EPOCH,
            null,
            List.of());
    Map<String, String> parameters =
        new TreeMap<>(
            Map.of(
                "version",
                Integer.toString(version),
                "ranges",
                TrainingRunner.describe(lineage.getDatasetRanges())));
    recorder.record(
        run,
        TrainingRunner.RUN_STEP,
        StepStatus.STARTED,
        parameters,
        Map.of(),
        Duration.ZERO,
        null,
        lineage.getRunId());
    long started = System.nanoTime();
    try {
      String labelsSha256 = lineage.getTrainingConfig().get(TrainingRunner.LABELS_KEY);
      Labels labels =
          labelsSha256 == null ? Labels.NONE : Labels.fromJson(registry.artifact(labelsSha256));
      ReproducibleTraining.Outcome outcome =
          training.train(modelName, List.copyOf(lineage.getDatasetRanges()), settings, labels);
      Report report =
          new Report(
              modelName,
              version,
              run.runId(),
              lineage.getRunId(),
              outcome.data().records(),
              lineage.getDataFingerprint(),
              outcome.data().fingerprint(),
              registered.artifactSha256(),
              outcome.onnxSha256(),
              lineage.getCodeVersion(),
              codeVersion);
      parameters.put("dataFingerprint", report.actualDataFingerprint());
      parameters.put("onnxSha256", report.actualModelSha256());
      recorder.record(
          run,
          TrainingRunner.RUN_STEP,
          report.reproduced() ? StepStatus.SUCCEEDED : StepStatus.FAILED,
          parameters,
          Map.of(
              "dataFingerprintMatches",
              report.dataFingerprintMatches() ? 1.0 : 0.0,
              "modelSha256Matches",
              report.modelSha256Matches() ? 1.0 : 0.0,
              "records",
              (double) report.records()),
          Duration.ofNanos(System.nanoTime() - started),
          report.reproduced() ? null : "the rebuild differs from " + modelName + ":" + version,
          lineage.getRunId());
      return report;
    } catch (Exception e) {
      recorder.record(
          run,
          TrainingRunner.RUN_STEP,
          StepStatus.FAILED,
          parameters,
          Map.of(),
          Duration.ofNanos(System.nanoTime() - started),
          e.getMessage(),
          lineage.getRunId());
      throw e;
    }
  }
}
