package io.pumpops.training.run;

import ai.onnxruntime.OrtException;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.modelpackage.onnx.OnnxScorer;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.modelregistry.RegisteredVersion;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.training.evaluate.AnomalyMetrics;
import io.pumpops.training.evaluate.HoldoutAlarms;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.evaluate.PromotionGate;
import io.pumpops.training.pipeline.FamilyChoice;
import io.pumpops.training.pipeline.ReproducibleTraining;
import io.pumpops.training.replay.OffsetsNotAvailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one training run as the named steps ARCHITECTURE.md lists — select-data, replay,
 * validate-data, train, evaluate, export, register — recording each step's start and outcome, with
 * parameters, metrics and duration, to {@code mlops.training-runs}. A step that fails ends the run
 * with the reason recorded and no model.
 */
public final class TrainingRunner {

  /** The record that opens and closes a whole run (the seven steps sit between). */
  public static final String RUN_STEP = "run";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRunner.class);

  /**
   * @param autoPromote move {@code champion} to a version whose gate passed; otherwise it only
   *     becomes {@code challenger} and a person promotes it
   * @param codeVersion the git commit of this build, for lineage
   */
  /**
   * @param alarms the alarm policy recorded in lineage and carried into the model's packages
   */
  public record Settings(
      ReproducibleTraining.Settings training,
      PromotionGate.Settings gate,
      boolean autoPromote,
      String codeVersion,
      AlarmPolicy alarms) {}

  /** A step's result for the record: parameters and metrics. */
  private record StepOutcome<T>(
      T value, Map<String, String> parameters, Map<String, Double> metrics) {}

  @FunctionalInterface
  private interface StepBody<T> {
    StepOutcome<T> run() throws Exception;
  }

  /** A step failed; the run ends. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String step, Throwable cause) {
      super(
          step
              + " failed: "
              + (cause.getMessage() == null
                  ? cause.getClass().getSimpleName()
                  : cause.getMessage()),
          cause);
    }

    /**
     * The data or the request is at fault (no retry helps); anything else may pass on a later try.
     */
    boolean retryable() {
      Throwable cause = getCause();
      return !(cause instanceof ReproducibleTraining.DataRejectedException
          || cause instanceof OffsetsNotAvailableException
          || cause instanceof IllegalArgumentException);
    }
  }

  /** The lineage key of the labels artifact a run used (absent when it had no labels). */
  public static final String LABELS_KEY = "labelsSha256";

  private final DatasetSelector selector;
  private final ReproducibleTraining training;
  private final ModelRegistryClient registry;
  private final RunRecorder recorder;
  private final Settings settings;
  private final Supplier<Labels> labels;

  /**
   * @param labels the ground truth known now; read at the start of each run
   */
  public TrainingRunner(
      DatasetSelector selector,
      ReproducibleTraining training,
      ModelRegistryClient registry,
      RunRecorder recorder,
      Settings settings,
      Supplier<Labels> labels) {
    this.selector = selector;
    this.training = training;
    this.registry = registry;
    this.recorder = recorder;
    this.settings = settings;
    this.labels = labels;
  }

  /**
   * Records that the run was admitted, before it waits for the worker: the same opening record a
   * run starts with, marked {@code phase=queued}, so that a restart finds and resumes it.
   */
  public void admit(RunRequest run) {
    Map<String, String> parameters = runParameters(run);
    parameters.put("phase", "queued");
    recorder.record(
        run, RUN_STEP, StepStatus.STARTED, parameters, Map.of(), Duration.ZERO, null, null);
  }

  private static Map<String, String> runParameters(RunRequest run) {
    Map<String, String> runParameters = new TreeMap<>();
    runParameters.put("from", run.from().toString());
    if (run.to() != null) {
      runParameters.put("to", run.to().toString());
    }
    runParameters.put("coalescedEventIds", String.join(",", run.coalesced()));
    return runParameters;
  }

  public RunResult run(RunRequest run) {
    long started = System.nanoTime();
    Map<String, String> runParameters = runParameters(run);
    recorder.record(
        run, RUN_STEP, StepStatus.STARTED, runParameters, Map.of(), Duration.ZERO, null, null);
    RunResult result;
    try {
      result = steps(run);
    } catch (StepFailed e) {
      LOG.warn(
          "training run {} of {} ended without a model: {}",
          run.runId(),
          run.modelName(),
          e.getMessage());
      result =
          new RunResult(
              run.runId(), run.modelName(), false, null, false, e.getMessage(), e.retryable());
    }
    Map<String, String> outcome = new TreeMap<>(runParameters);
    if (!result.succeeded()) {
      outcome.put("retryable", Boolean.toString(result.retryable()));
    }
    if (result.version() != null) {
      outcome.put("version", result.version().toString());
      outcome.put("promoted", Boolean.toString(result.promoted()));
    }
    recorder.record(
        run,
        RUN_STEP,
        result.succeeded() ? StepStatus.SUCCEEDED : StepStatus.FAILED,
        outcome,
        Map.of(),
        Duration.ofNanos(System.nanoTime() - started),
        result.message(),
        null);
    LOG.info(
        "training run {} of {} ({}): {}",
        run.runId(),
        run.modelName(),
        run.trigger(),
        result.message());
    return result;
  }

  private RunResult steps(RunRequest run) {
    ReproducibleTraining.Settings ts = settings.training();
    List<OffsetRange> ranges =
        step(
            run,
            "select-data",
            () -> {
              List<OffsetRange> selected =
                  selector.select(Topics.PUMP_TELEMETRY, run.from(), run.to());
              if (selected.isEmpty()) {
                throw new ReproducibleTraining.DataRejectedException(
                    "no telemetry between "
                        + run.from()
                        + " and "
                        + (run.to() == null ? "now" : run.to()));
              }
              return new StepOutcome<>(
                  selected,
                  Map.of("topic", Topics.PUMP_TELEMETRY.name(), "ranges", describe(selected)),
                  Map.of(
                      "partitions",
                      (double) selected.size(),
                      "offsetSpan",
                      (double)
                          selected.stream()
                              .mapToLong(r -> r.getToOffset() - r.getFromOffset())
                              .sum()));
            });
    ReproducibleTraining.Prepared prepared =
        step(
            run,
            "replay",
            () -> {
              ReproducibleTraining.Prepared p = training.replay(ranges, ts);
              return new StepOutcome<>(
                  p,
                  Map.of("dataFingerprint", p.data().fingerprint()),
                  Map.of("records", (double) p.data().records()));
            });
    Checked checked =
        step(
            run,
            "validate-data",
            () -> {
              long[] span = ReproducibleTraining.span(prepared, ts);
              Labels concerned = labels.get().within(span[0], span[1]);
              ReproducibleTraining.Validated v =
                  ReproducibleTraining.validate(prepared, ts, concerned);
              return new StepOutcome<>(
                  new Checked(v, concerned),
                  Map.of(
                      "minRows",
                      Integer.toString(ts.minRows()),
                      "maxNanShare",
                      Double.toString(ts.maxNanShare()),
                      "holdoutShare",
                      Double.toString(ts.holdoutShare()),
                      "labelledPeriods",
                      Integer.toString(concerned.intervals().size())),
                  ReproducibleTraining.dataMetrics(prepared, v));
            });
    ReproducibleTraining.Validated validated = checked.validated();
    Labels known = checked.labels();
    ReproducibleTraining.Fitted fitted =
        step(
            run,
            "train",
            () -> {
              ReproducibleTraining.Fitted f = ReproducibleTraining.fit(validated, ts);
              Map<String, String> parameters =
                  new TreeMap<>(ts.asTrainingConfig(f.choice().chosen()));
              parameters.putAll(f.choice().asConfig());
              parameters.put("familyChoice", f.choice().reason());
              Map<String, Double> metrics = new TreeMap<>(f.model().summary());
              metrics.putAll(f.choice().metrics());
              return new StepOutcome<>(f, parameters, metrics);
            });
    Evaluation evaluation =
        step(run, "evaluate", () -> evaluate(run.modelName(), fitted, validated, known));
    PromotionGate.Decision decision = evaluation.decision();
    ReproducibleTraining.Exported exported =
        step(
            run,
            "export",
            () -> {
              ReproducibleTraining.Exported e =
                  training.export(run.modelName(), fitted, validated, prepared, ts);
              return new StepOutcome<>(
                  e,
                  Map.of("onnxSha256", e.onnxSha256()),
                  Map.of(
                      "onnxBytes",
                      (double) e.onnx().length,
                      "parityWorstDifference",
                      e.parity().worstDifference(),
                      "parityRows",
                      (double) e.parity().rows()));
            });
    Lineage lineage =
        Lineage.newBuilder()
            .setDatasetRanges(prepared.data().ranges())
            .setDataFingerprint(prepared.data().fingerprint())
            .setFeatureSpecVersion(ts.spec().version())
            .setTrainingConfig(trainingConfig(ts, fitted.choice(), known, settings.alarms()))
            .setSeed(ts.seed())
            .setCodeVersion(settings.codeVersion())
            .setRunId(run.runId())
            .build();
    Map<String, Double> versionMetrics = new TreeMap<>(evaluation.challenger().asMap("holdout."));
    versionMetrics.putAll(evaluation.alarms().asMap("holdout."));
    putFinite(
        versionMetrics,
        "holdout.falseAlarmsPerPumpDay",
        evaluation.challenger().falseAlarmsPerPumpDay(ts.spec().hop()));
    return step(
        run,
        "register",
        () -> {
          registry.ensureModel(run.modelName(), "anomaly model for pumps");
          registry.upload(exported.onnx());
          byte[] profile = exported.profile().toJson().getBytes(StandardCharsets.UTF_8);
          registry.upload(profile);
          if (!known.isEmpty()) {
            registry.upload(known.toJson());
          }
          RegisteredVersion version =
              registry.register(
                  run.modelName(),
                  exported.onnxSha256(),
                  Sha256.hex(profile),
                  versionMetrics,
                  lineage,
                  "trained by " + run.runId() + " (" + run.trigger() + ")");
          registry.setAlias(
              run.modelName(),
              io.pumpops.schemas.modelregistry.Aliases.CHALLENGER,
              version.version(),
              "run " + run.runId() + ": " + decision.reason());
          boolean promote = decision.promote() && settings.autoPromote();
          if (promote) {
            registry.setAlias(
                run.modelName(),
                io.pumpops.schemas.modelregistry.Aliases.CHAMPION,
                version.version(),
                "gate passed in run " + run.runId() + ": " + decision.reason());
          }
          String message =
              (promote
                      ? "promoted to champion: "
                      : decision.promote() ? "gate passed, auto-promotion off: " : "not promoted: ")
                  + decision.reason()
                  + " ("
                  + fitted.model().family()
                  + ")";
          return new StepOutcome<>(
              new RunResult(
                  run.runId(), run.modelName(), true, version.version(), promote, message, false),
              Map.of(
                  "version",
                  Integer.toString(version.version()),
                  "promoted",
                  Boolean.toString(promote),
                  "artifactSha256",
                  exported.onnxSha256()),
              Map.of());
        });
  }

  /**
   * Validated data and the labels that concern it (read from the ground truth when the run starts).
   */
  private record Checked(ReproducibleTraining.Validated validated, Labels labels) {}

  /** The challenger's metrics on the hold-out slice and the gate's verdict. */
  private record Evaluation(
      AnomalyMetrics challenger, HoldoutAlarms alarms, PromotionGate.Decision decision) {}

  /**
   * Lineage's training config: the settings with the family trained, the choice's candidates and
   * validation figures, the alarm policy, and the labels' artifact when the run had labels.
   */
  static Map<String, String> trainingConfig(
      ReproducibleTraining.Settings settings,
      FamilyChoice.Result choice,
      Labels labels,
      AlarmPolicy alarms) {
    Map<String, String> config = new TreeMap<>(settings.asTrainingConfig(choice.chosen()));
    config.putAll(choice.asConfig());
    config.putAll(alarms.asConfig());
    if (!labels.isEmpty()) {
      config.put(LABELS_KEY, Sha256.hex(labels.toJson()));
    }
    return config;
  }

  /**
   * Challenger and champion (read from the registry, scored in ONNX Runtime) on the same windows:
   * the hold-out slice, plus the windows labelled anomalous when there are labels.
   */
  private StepOutcome<Evaluation> evaluate(
      String modelName,
      ReproducibleTraining.Fitted challenger,
      ReproducibleTraining.Validated validated,
      Labels known)
      throws OrtException {
    Optional<RegisteredVersion> champion =
        registry.alias(modelName, io.pumpops.schemas.modelregistry.Aliases.CHAMPION);
    List<PumpWindows.Row> judged = new ArrayList<>(validated.holdout());
    List<Boolean> truth = null;
    if (!known.isEmpty()) {
      truth = new ArrayList<>(Collections.nCopies(judged.size(), false));
      judged.addAll(validated.anomalous());
      truth.addAll(Collections.nCopies(validated.anomalous().size(), true));
    }
    List<double[]> holdout = judged.stream().map(PumpWindows.Row::features).toList();
    List<String> pumps = judged.stream().map(PumpWindows.Row::pumpId).toList();
    Duration hop = settings.training().spec().hop();
    List<Boolean> challengerVerdicts = judged.stream().map(challenger::anomalous).toList();
    AnomalyMetrics challengerMetrics = AnomalyMetrics.of(challengerVerdicts, truth);
    // Alarms as the gateway would open them, by the policy this model will carry.
    HoldoutAlarms challengerAlarms =
        HoldoutAlarms.of(judgedWindows(judged, challengerVerdicts, truth), settings.alarms(), hop);
    AnomalyMetrics championMetrics = null;
    HoldoutAlarms championAlarms = null;
    Map<String, String> parameters = new LinkedHashMap<>();
    if (champion.isPresent()
        && champion.get().featureSpecVersion().equals(settings.training().spec().version())) {
      try (OnnxScorer scorer = new OnnxScorer(registry.artifact(champion.get().artifactSha256()))) {
        // The champion may be of another family: every family's graph has the same anomaly output.
        List<Boolean> championVerdicts =
            scorer.outputs(holdout, pumps).stream()
                .map(outputs -> outputs.get(OnnxExport.ANOMALY) == 1.0)
                .toList();
        championMetrics = AnomalyMetrics.of(championVerdicts, truth);
        // ... and by the policy the champion carries (its lineage), as its gateways do.
        championAlarms =
            HoldoutAlarms.of(
                judgedWindows(judged, championVerdicts, truth),
                AlarmPolicy.fromConfig(champion.get().lineage().getTrainingConfig()),
                hop);
      }
      parameters.put("championVersion", Integer.toString(champion.get().version()));
    } else {
      parameters.put(
          "championVersion",
          champion.map(c -> "none for " + settings.training().spec().version()).orElse("none"));
    }
    PromotionGate.Decision decision =
        new PromotionGate(settings.gate())
            .decide(challengerMetrics, challengerAlarms, championMetrics, championAlarms);
    parameters.put("decision", decision.promote() ? "promote" : "keep-champion");
    parameters.put("reason", decision.reason());
    parameters.put(
        "labels",
        known.isEmpty()
            ? "none (hold-out windows presumed normal)"
            : known.intervals().size()
                + " labelled periods, "
                + validated.anomalous().size()
                + " anomalous windows");
    Map<String, Double> metrics = new LinkedHashMap<>(challengerMetrics.asMap("holdout."));
    metrics.putAll(challengerAlarms.asMap("holdout."));
    putFinite(
        metrics, "holdout.falseAlarmsPerPumpDay", challengerMetrics.falseAlarmsPerPumpDay(hop));
    if (championMetrics != null) {
      metrics.putAll(championMetrics.asMap("champion.holdout."));
      metrics.putAll(championAlarms.asMap("champion.holdout."));
      putFinite(
          metrics,
          "champion.holdout.falseAlarmsPerPumpDay",
          championMetrics.falseAlarmsPerPumpDay(hop));
    }
    return new StepOutcome<>(
        new Evaluation(challengerMetrics, challengerAlarms, decision), parameters, metrics);
  }

  private static List<HoldoutAlarms.Judged> judgedWindows(
      List<PumpWindows.Row> rows, List<Boolean> verdicts, List<Boolean> truth) {
    List<HoldoutAlarms.Judged> judged = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      judged.add(
          new HoldoutAlarms.Judged(rows.get(i), verdicts.get(i), truth != null && truth.get(i)));
    }
    return judged;
  }

  private static void putFinite(Map<String, Double> metrics, String key, double value) {
    if (Double.isFinite(value)) {
      metrics.put(key, value);
    }
  }

  private <T> T step(RunRequest run, String name, StepBody<T> body) {
    recorder.record(run, name, StepStatus.STARTED, Map.of(), Map.of(), Duration.ZERO, null, null);
    long started = System.nanoTime();
    try {
      StepOutcome<T> outcome = body.run();
      recorder.record(
          run,
          name,
          StepStatus.SUCCEEDED,
          outcome.parameters(),
          outcome.metrics(),
          Duration.ofNanos(System.nanoTime() - started),
          null,
          null);
      return outcome.value();
    } catch (Exception e) {
      StepFailed failed = new StepFailed(name, e);
      recorder.record(
          run,
          name,
          StepStatus.FAILED,
          Map.of("error", e.getClass().getSimpleName()),
          Map.of(),
          Duration.ofNanos(System.nanoTime() - started),
          failed.getMessage(),
          null);
      throw failed;
    }
  }

  static String describe(List<OffsetRange> ranges) {
    StringBuilder text = new StringBuilder();
    for (OffsetRange r : ranges) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(r.getPartition())
          .append(':')
          .append(r.getFromOffset())
          .append('-')
          .append(r.getToOffset());
    }
    return text.toString();
  }
}
