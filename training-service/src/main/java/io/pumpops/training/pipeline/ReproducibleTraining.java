package io.pumpops.training.pipeline;

import ai.onnxruntime.OrtException;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.drift.Relation;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.onnx.ModelExport;
import io.pumpops.modelpackage.onnx.OnnxParity;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.replay.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * From a dataset (offset ranges of pump.telemetry) to a model file, deterministically, in the steps
 * a training run records: replay → validate (features by the library, gates, a time-ordered
 * hold-out split) → choose the family by validation ({@link FamilyChoice}) and fit it → export
 * (ONNX, reference profile, parity). The same ranges, spec and settings give the same data
 * fingerprint and the same ONNX bytes, which is what {@code retrain --from-lineage} checks.
 */
public final class ReproducibleTraining {

  /** trainingConfig key of the drift calibration, {@code block/hop/margin}. */
  public static final String DRIFT_CALIBRATION_KEY = "driftCalibration";

  /**
   * @param families the candidate families with their settings, in order of preference; with more
   *     than one, training chooses by validation ({@link FamilyChoice})
   * @param validationShare the share of the fitting rows' span, at its end, on which the families
   *     are compared
   * @param minRows the fewest complete feature windows a model may be trained on
   * @param maxNanShare the largest share of windows with a missing feature before the data is
   *     refused
   * @param holdoutShare the share of the dataset's time span, at its end, kept out of fitting for
   *     evaluation
   * @param seed recorded in lineage; no family's fit has a random choice
   * @param maxWindows the most windows kept from the replay ({@link PumpWindows}'s sample), {@link
   *     PumpWindows#ALL_WINDOWS} for every window
   * @param driftRelations features the profile judges given another ({@link Relation}), fitted on
   *     the same rows as the drift limits; only with a drift calibration
   * @param pumpBaselineWindows the fewest fitting windows a pump needs for a baseline of its own
   *     (ADR 21, {@link PumpBaselines}); 0 reads every pump against the fleet's figures
   */
  public record Settings(
      FeatureSpec spec,
      List<ModelFamily> families,
      double validationShare,
      int minRows,
      double maxNanShare,
      double holdoutShare,
      long seed,
      DriftCalibration driftCalibration,
      int maxWindows,
      List<Relation> driftRelations,
      int pumpBaselineWindows) {

    /** trainingConfig key of the window sample's size; absent: every window. */
    public static final String MAX_WINDOWS_KEY = "maxWindows";

    /** trainingConfig key of the drift relations, {@code target|given,...}; absent: none. */
    public static final String DRIFT_RELATIONS_KEY = "driftRelations";

    /** trainingConfig key of the pump baselines' fewest windows; absent: the fleet's figures. */
    public static final String PUMP_BASELINES_KEY = "pumpBaselineWindows";

    /** Every pump read against the fleet's figures. */
    public Settings(
        FeatureSpec spec,
        List<ModelFamily> families,
        double validationShare,
        int minRows,
        double maxNanShare,
        double holdoutShare,
        long seed,
        DriftCalibration driftCalibration,
        int maxWindows,
        List<Relation> driftRelations) {
      this(
          spec,
          families,
          validationShare,
          minRows,
          maxNanShare,
          holdoutShare,
          seed,
          driftCalibration,
          maxWindows,
          driftRelations,
          0);
    }

    /** The same settings with each pump read against its own baseline from this many windows. */
    public Settings withPumpBaselines(int windows) {
      return new Settings(
          spec,
          families,
          validationShare,
          minRows,
          maxNanShare,
          holdoutShare,
          seed,
          driftCalibration,
          maxWindows,
          driftRelations,
          windows);
    }

    /** Without drift relations. */
    public Settings(
        FeatureSpec spec,
        List<ModelFamily> families,
        double validationShare,
        int minRows,
        double maxNanShare,
        double holdoutShare,
        long seed,
        DriftCalibration driftCalibration,
        int maxWindows) {
      this(
          spec,
          families,
          validationShare,
          minRows,
          maxNanShare,
          holdoutShare,
          seed,
          driftCalibration,
          maxWindows,
          List.of());
    }

    /** The share of the fitting span that compares families when the configuration does not say. */
    public static final double DEFAULT_VALIDATION_SHARE = 0.25;

    public Settings {
      if (holdoutShare < 0 || holdoutShare >= 1) {
        throw new IllegalArgumentException("holdoutShare must be in [0, 1), not " + holdoutShare);
      }
      if (!(validationShare > 0 && validationShare < 1)) {
        throw new IllegalArgumentException(
            "validationShare must be in (0, 1), not " + validationShare);
      }
      families = List.copyOf(families);
      if (families.isEmpty()) {
        throw new IllegalArgumentException("at least one model family is needed");
      }
      if (maxWindows < 0) {
        throw new IllegalArgumentException(
            "maxWindows must be 0 (every window) or positive, not " + maxWindows);
      }
      driftRelations = List.copyOf(driftRelations);
      if (pumpBaselineWindows != 0 && pumpBaselineWindows < 2) {
        throw new IllegalArgumentException(
            "pumpBaselineWindows must be 0 (the fleet's figures) or at least 2, not "
                + pumpBaselineWindows);
      }
    }

    /** One family, no choice. */
    public Settings(
        FeatureSpec spec,
        PcaAnomalyModel.Settings model,
        int minRows,
        double maxNanShare,
        double holdoutShare,
        long seed,
        DriftCalibration driftCalibration) {
      this(
          spec,
          List.of(model),
          DEFAULT_VALIDATION_SHARE,
          minRows,
          maxNanShare,
          holdoutShare,
          seed,
          driftCalibration,
          PumpWindows.ALL_WINDOWS);
    }

    /**
     * With the PSI limits calibrated as {@link DriftCalibration#defaults} over the spec's default
     * drift windows.
     */
    public Settings(
        FeatureSpec spec,
        PcaAnomalyModel.Settings model,
        int minRows,
        double maxNanShare,
        double holdoutShare,
        long seed) {
      this(
          spec,
          model,
          minRows,
          maxNanShare,
          holdoutShare,
          seed,
          DriftCalibration.defaults(DriftMonitoring.defaults(spec)));
    }

    /**
     * The settings as lineage's trainingConfig, with the family that was trained: everything a
     * rebuild needs, as strings (the other candidates and the choice's figures are {@link
     * FamilyChoice.Result#asConfig()}'s).
     */
    public Map<String, String> asTrainingConfig(ModelFamily trained) {
      Map<String, String> config = new TreeMap<>(trained.asConfig());
      config.put("featureSpecFingerprint", spec.fingerprint());
      config.put("minRows", Integer.toString(minRows));
      config.put("maxNanShare", Double.toString(maxNanShare));
      config.put("holdoutShare", Double.toString(holdoutShare));
      // Written only with a limit, so that versions from before the sample keep their configs.
      if (maxWindows != PumpWindows.ALL_WINDOWS) {
        config.put(MAX_WINDOWS_KEY, Integer.toString(maxWindows));
      }
      if (driftCalibration != null) {
        config.put(
            DRIFT_CALIBRATION_KEY,
            driftCalibration.block()
                + "/"
                + driftCalibration.hop()
                + "/"
                + driftCalibration.margin()
                // The rule is written only when it is not the one lineage knew before it existed,
                // so that those versions' configs (and their rebuilds) stay as they were.
                + (driftCalibration.peak() == DriftCalibration.Peak.LARGEST
                    ? ""
                    : "/" + driftCalibration.peak()));
      }
      // Written only with relations, so that versions from before them keep their configs.
      if (!driftRelations.isEmpty()) {
        config.put(
            DRIFT_RELATIONS_KEY,
            String.join(",", driftRelations.stream().map(Relation::name).toList()));
      }
      // Written only with baselines, so that versions from before them keep their configs.
      if (pumpBaselineWindows > 0) {
        config.put(PUMP_BASELINES_KEY, Integer.toString(pumpBaselineWindows));
      }
      return config;
    }

    /**
     * The settings a lineage's trainingConfig describes: the family that was trained, alone (no
     * choice again).
     */
    public static Settings fromTrainingConfig(
        FeatureSpec spec, Map<String, String> config, long seed) {
      ModelFamily family = ModelFamily.fromConfig(config);
      if (!spec.fingerprint().equals(config.get("featureSpecFingerprint"))) {
        throw new IllegalArgumentException(
            "the lineage's FeatureSpec fingerprint "
                + config.get("featureSpecFingerprint")
                + " is not this build's "
                + spec.version()
                + " ("
                + spec.fingerprint()
                + "): the features were defined differently");
      }
      return new Settings(
          spec,
          List.of(family),
          DEFAULT_VALIDATION_SHARE,
          Integer.parseInt(config.get("minRows")),
          Double.parseDouble(config.get("maxNanShare")),
          Double.parseDouble(config.get("holdoutShare")),
          seed,
          driftCalibration(config.get(DRIFT_CALIBRATION_KEY)),
          config.containsKey(MAX_WINDOWS_KEY)
              ? Integer.parseInt(config.get(MAX_WINDOWS_KEY))
              : PumpWindows.ALL_WINDOWS,
          config.containsKey(DRIFT_RELATIONS_KEY)
              ? java.util.Arrays.stream(config.get(DRIFT_RELATIONS_KEY).split(","))
                  .map(Relation::parse)
                  .toList()
              : List.of(),
          config.containsKey(PUMP_BASELINES_KEY)
              ? Integer.parseInt(config.get(PUMP_BASELINES_KEY))
              : 0);
    }

    /**
     * block/hop/margin as lineage keeps it; null (lineage from before drift limits): a profile
     * without limits.
     */
    private static DriftCalibration driftCalibration(String text) {
      if (text == null) {
        return null;
      }
      String[] parts = text.split("/");
      if (parts.length != 3 && parts.length != 4) {
        throw new IllegalArgumentException(
            "lineage's " + DRIFT_CALIBRATION_KEY + " is not block/hop/margin[/peak]: " + text);
      }
      return new DriftCalibration(
          Duration.parse(parts[0]),
          Duration.parse(parts[1]),
          Double.parseDouble(parts[2]),
          parts.length == 4
              ? DriftCalibration.Peak.valueOf(parts[3])
              : DriftCalibration.Peak.LARGEST);
    }
  }

  /** The replayed data as feature windows. */
  /**
   * @param readingsOutsideSample readings of windows the sample left out (0 when every window is
   *     kept)
   */
  public record Prepared(
      Replay.Result data, List<PumpWindows.Row> rows, long duplicates, long readingsOutsideSample) {

    public Prepared(Replay.Result data, List<PumpWindows.Row> rows, long duplicates) {
      this(data, rows, duplicates, 0);
    }
  }

  /**
   * Data that passed the gates: complete windows split by time into fitting rows and hold-out rows,
   * and the windows labelled anomalous, which are never fitted on (evaluation uses them).
   */
  public record Validated(
      List<PumpWindows.Row> train,
      List<PumpWindows.Row> holdout,
      List<PumpWindows.Row> anomalous,
      int incompleteRows) {

    public List<double[]> trainFeatures() {
      return train.stream().map(PumpWindows.Row::features).toList();
    }

    public List<double[]> holdoutFeatures() {
      return holdout.stream().map(PumpWindows.Row::features).toList();
    }
  }

  /** The model file and what travels with it. */
  public record Exported(
      byte[] onnx, String onnxSha256, ReferenceProfile profile, OnnxParity.Result parity) {}

  /**
   * The fitted model of the family chosen, the choice with its validation figures, and the pumps'
   * baselines the model reads its features against (null: the features as they are).
   */
  public record Fitted(AnomalyModel model, FamilyChoice.Result choice, PumpBaselines baselines) {

    public Fitted(AnomalyModel model, FamilyChoice.Result choice) {
      this(model, choice, null);
    }

    /** The model's score of a window as it was computed (against its pump's baseline if any). */
    public double scoreOf(PumpWindows.Row row) {
      return model.scoreOf(asModelReads(baselines, row).features());
    }

    /** The model's verdict on a window as it was computed (against its pump's baseline if any). */
    public boolean anomalous(PumpWindows.Row row) {
      return scoreOf(row) > 1;
    }
  }

  /** The window in the units the model reads (its pump's baseline's, when there are baselines). */
  static PumpWindows.Row asModelReads(PumpBaselines baselines, PumpWindows.Row row) {
    return baselines == null
        ? row
        : new PumpWindows.Row(
            row.pumpId(), row.windowStartMillis(), baselines.apply(row.pumpId(), row.features()));
  }

  /** Every row of the split in the units the model reads. */
  static Validated asModelReads(PumpBaselines baselines, Validated validated) {
    if (baselines == null) {
      return validated;
    }
    java.util.function.Function<List<PumpWindows.Row>, List<PumpWindows.Row>> convert =
        rows -> rows.stream().map(r -> asModelReads(baselines, r)).toList();
    return new Validated(
        convert.apply(validated.train()),
        convert.apply(validated.holdout()),
        convert.apply(validated.anomalous()),
        validated.incompleteRows());
  }

  /** What a whole run produced; {@code onnxSha256} identifies the model file. */
  public record Outcome(Replay.Result data, Validated validated, Fitted fitted, Exported exported) {

    public AnomalyModel model() {
      return fitted.model();
    }

    public String onnxSha256() {
      return exported.onnxSha256();
    }
  }

  /** A gate on the data failed: no model. */
  public static final class DataRejectedException extends RuntimeException {
    public DataRejectedException(String message) {
      super(message);
    }
  }

  private final Replay replay;
  private final Deserializer<PumpReading> readings;

  public ReproducibleTraining(Replay replay, SchemaRegistry registry) {
    this.replay = replay;
    this.readings = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry).deserializer();
  }

  /** Every step in order, without recording: for tests and for rebuilding from lineage. */
  public Outcome train(
      String modelName, List<OffsetRange> dataset, Settings settings, Labels labels)
      throws OrtException {
    Prepared prepared = replay(dataset, settings);
    Validated validated = validate(prepared, settings, labels);
    Fitted fitted = fit(validated, settings);
    return new Outcome(
        prepared.data(),
        validated,
        fitted,
        export(modelName, fitted, validated, prepared, settings));
  }

  /** Reads exactly the ranges and computes feature windows with the features library. */
  public Prepared replay(List<OffsetRange> dataset, Settings settings) {
    PumpWindows windows = new PumpWindows(settings.spec(), settings.maxWindows());
    Replay.Result data =
        replay.replay(
            dataset,
            (record, range) -> {
              PumpReading reading = readings.deserialize(record.topic(), record.value());
              windows.add(
                  reading.getPumpId(),
                  reading.getSeq(),
                  reading.getEventTime().toEpochMilli(),
                  reading.getChannels());
            });
    return new Prepared(
        data, windows.completeRows(), windows.duplicates(), windows.readingsOutsideSample());
  }

  /**
   * Gates (missing-feature share, enough rows) and the split: windows labelled anomalous are set
   * aside, and the last {@code holdoutShare} of the distinct window starts is held out, so
   * evaluation looks at later data than fitting did.
   */
  public static Validated validate(Prepared prepared, Settings settings, Labels labels) {
    List<PumpWindows.Row> complete = new ArrayList<>();
    List<PumpWindows.Row> anomalous = new ArrayList<>();
    long windowMillis = settings.spec().window().toMillis();
    int incomplete = 0;
    for (PumpWindows.Row row : prepared.rows()) {
      if (!Arrays.stream(row.features()).allMatch(Double::isFinite)) {
        incomplete++;
      } else if (labels.anomalous(
          row.pumpId(), row.windowStartMillis(), row.windowStartMillis() + windowMillis)) {
        anomalous.add(row);
      } else {
        complete.add(row);
      }
    }
    int all = complete.size() + anomalous.size() + incomplete;
    if (all > 0 && (double) incomplete / all > settings.maxNanShare()) {
      throw new DataRejectedException(
          incomplete
              + " of "
              + all
              + " windows miss a feature (limit "
              + settings.maxNanShare()
              + ")");
    }
    List<Long> starts =
        new ArrayList<>(
            new TreeSet<>(complete.stream().map(PumpWindows.Row::windowStartMillis).toList()));
    int heldOutStarts = (int) Math.floor(starts.size() * settings.holdoutShare());
    long cut = heldOutStarts == 0 ? Long.MAX_VALUE : starts.get(starts.size() - heldOutStarts);
    List<PumpWindows.Row> train =
        complete.stream().filter(r -> r.windowStartMillis() < cut).toList();
    List<PumpWindows.Row> holdout =
        complete.stream().filter(r -> r.windowStartMillis() >= cut).toList();
    if (train.size() < settings.minRows()) {
      throw new DataRejectedException(
          "only "
              + train.size()
              + " complete feature windows to fit on ("
              + prepared.data().records()
              + " readings, "
              + holdout.size()
              + " windows held out); at least "
              + settings.minRows()
              + " needed");
    }
    return new Validated(train, holdout, anomalous, incomplete);
  }

  /**
   * Chooses the family by validation (when there is a choice) and fits it on every fitting row;
   * with pump baselines, first fits them on the fitting rows and reads every row against them.
   */
  public static Fitted fit(Validated validated, Settings settings) {
    PumpBaselines baselines =
        settings.pumpBaselineWindows() == 0
            ? null
            : PumpBaselines.fit(
                validated.train().stream().map(PumpWindows.Row::pumpId).toList(),
                validated.trainFeatures(),
                settings.pumpBaselineWindows());
    Validated read = asModelReads(baselines, validated);
    FamilyChoice.Result choice =
        FamilyChoice.choose(settings.families(), read, settings.spec(), settings.validationShare());
    return new Fitted(
        choice.chosen().fit(settings.spec().featureNames(), read.trainFeatures()),
        choice,
        baselines);
  }

  /**
   * The ONNX file (no timestamps or random ids: the same model gives the same bytes), the reference
   * profile of the fitting data, and parity of ONNX Runtime with the Java model on the evaluation
   * rows; a parity failure fails the run.
   */
  public Exported export(
      String modelName,
      AnomalyModel model,
      Validated validated,
      Prepared prepared,
      Settings settings)
      throws OrtException {
    return export(modelName, new Fitted(model, null, null), validated, prepared, settings);
  }

  /** The fitted model's file, behind its pumps' baselines when it has them. */
  public Exported export(
      String modelName, Fitted fitted, Validated validated, Prepared prepared, Settings settings)
      throws OrtException {
    AnomalyModel model = fitted.model();
    Map<String, String> metadata =
        new TreeMap<>(
            Map.of(
                "modelName", modelName,
                "featureSpecVersion", settings.spec().version(),
                "featureSpecFingerprint", settings.spec().fingerprint(),
                "dataFingerprint", prepared.data().fingerprint()));
    byte[] onnx = ModelExport.toOnnx(model, fitted.baselines(), modelName, metadata);
    List<PumpWindows.Row> evaluation =
        validated.holdout().isEmpty() ? validated.train() : validated.holdout();
    OnnxParity.Result parity =
        OnnxParity.check(
            model,
            fitted.baselines(),
            onnx,
            evaluation.stream().map(PumpWindows.Row::features).toList(),
            evaluation.stream().map(PumpWindows.Row::pumpId).toList());
    if (!parity.passed()) {
      throw new IllegalStateException(
          "ONNX parity failed: worst difference "
              + parity.worstDifference()
              + " (tolerance "
              + OnnxParity.TOLERANCE
              + "), flags agree "
              + parity.flagsAgree());
    }
    return new Exported(onnx, Sha256.hex(onnx), profile(validated, settings), parity);
  }

  /**
   * The fitting rows' profile, each feature's drift limits calibrated when the settings say so. The
   * limits are calibrated on the fitting and the hold-out rows together: blocks are judged against
   * the rest of the span, so every complete row of the dataset helps, and the hold-out is the span
   * the model did not fit.
   */
  static ReferenceProfile profile(Validated validated, Settings settings) {
    if (settings.driftCalibration() == null) {
      return ReferenceProfile.of(
          settings.spec().version(), settings.spec().featureNames(), validated.trainFeatures());
    }
    ReferenceProfile fitted =
        ReferenceProfile.of(
            settings.spec().version(), settings.spec().featureNames(), validated.trainFeatures());
    List<PumpWindows.Row> all = new ArrayList<>(validated.train());
    all.addAll(validated.holdout());
    ReferenceProfile calibrated =
        ReferenceProfile.calibrated(
            settings.spec().version(),
            settings.spec().featureNames(),
            all.stream().map(PumpWindows.Row::features).toList(),
            all.stream().mapToLong(PumpWindows.Row::windowStartMillis).toArray(),
            settings.driftCalibration());
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    fitted
        .features()
        .forEach(
            (name, profile) -> {
              FeatureProfile limits = calibrated.features().get(name);
              profiles.put(
                  name,
                  limits.psiLimit() == null
                      ? profile
                      : profile.withLimits(
                          new DriftCalibration.Limits(
                              limits.psiLimit(), limits.wassersteinLimit())));
            });
    return new ReferenceProfile(
        fitted.featureSpecVersion(),
        profiles,
        ReferenceProfile.relations(
            settings.driftRelations(),
            settings.spec().featureNames(),
            all.stream().map(PumpWindows.Row::features).toList(),
            all.stream().mapToLong(PumpWindows.Row::windowStartMillis).toArray(),
            settings.driftCalibration()));
  }

  /**
   * The time span of the replayed windows, [first start, last end), for picking the labels that
   * concern a run.
   */
  public static long[] span(Prepared prepared, Settings settings) {
    long first =
        prepared.rows().stream().mapToLong(PumpWindows.Row::windowStartMillis).min().orElse(0);
    long last =
        prepared.rows().stream().mapToLong(PumpWindows.Row::windowStartMillis).max().orElse(0)
            + settings.spec().window().toMillis();
    return new long[] {first, last};
  }

  /** Metrics of the data for the validate step's record. */
  public static Map<String, Double> dataMetrics(Prepared prepared, Validated validated) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("records", (double) prepared.data().records());
    metrics.put("duplicates", (double) prepared.duplicates());
    metrics.put("readingsOutsideSample", (double) prepared.readingsOutsideSample());
    metrics.put("windows", (double) prepared.rows().size());
    metrics.put("incompleteWindows", (double) validated.incompleteRows());
    metrics.put("trainWindows", (double) validated.train().size());
    metrics.put("holdoutWindows", (double) validated.holdout().size());
    metrics.put("labelledAnomalousWindows", (double) validated.anomalous().size());
    metrics.put(
        "pumps",
        (double) validated.train().stream().map(PumpWindows.Row::pumpId).distinct().count());
    return metrics;
  }
}
