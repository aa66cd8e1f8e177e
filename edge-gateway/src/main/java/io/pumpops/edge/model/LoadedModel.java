package io.pumpops.edge.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pumpops.edge.alarm.Contributors;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageManifest;
import io.pumpops.modelpackage.PackageRejectedException;
import io.pumpops.modelpackage.PackageRejectedException.Reason;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.onnx.OnnxExport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified package loaded into an ONNX Runtime session with the manifest's session options, ready
 * to score feature vectors. {@link #load} runs the smoke check before anyone can score.
 */
public final class LoadedModel implements AutoCloseable {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  /** Inferences a model runs before it scores ({@link #warmUp}). */
  static final int WARM_UP_RUNS = 200;

  private final PackageManifest manifest;
  private final String packageSha256;
  private final FeatureSpec spec;
  private final OrtSession session;
  private final Contributors contributors;

  /** Each pump's row in the model's baseline table (ADR 21); null for a model without baselines. */
  private final Map<String, Integer> pumpIndex;

  /**
   * One scored window: the score output, the threshold it is compared with, and every scalar
   * output.
   */
  public record Score(double score, double threshold, Map<String, Double> statistics) {
    public boolean anomalous() {
      return score > threshold;
    }
  }

  private LoadedModel(
      PackageManifest manifest, String packageSha256, FeatureSpec spec, OrtSession session) {
    this.manifest = manifest;
    this.packageSha256 = packageSha256;
    this.spec = spec;
    this.session = session;
    Map<String, Integer> index = null;
    try {
      if (session.getInputNames().contains(OnnxExport.PUMP)) {
        index =
            PumpBaselines.indexFromMetadata(
                session.getMetadata().getCustomMetadata().get(PumpBaselines.METADATA_KEY));
      }
    } catch (OrtException e) {
      throw new IllegalStateException("the model's metadata cannot be read: " + e.getMessage(), e);
    }
    this.pumpIndex = index;
    this.contributors =
        new Contributors(
            spec.featureNames(),
            manifest.referenceProfileJson() == null
                ? null
                : ReferenceProfile.fromJson(manifest.referenceProfileJson()));
  }

  /** Explains a window by its features furthest from the model's reference profile. */
  public Contributors contributors() {
    return contributors;
  }

  /**
   * Checks compatibility, loads the session and scores a built-in input (the reference mean when
   * the manifest has a profile, else zeros): every output must be there and finite.
   */
  public static LoadedModel load(ModelPackage.Verified verified) throws PackageRejectedException {
    PackageManifest manifest = verified.manifest();
    FeatureSpec spec =
        FeatureSpec.byVersion(manifest.featureSpecVersion())
            .orElseThrow(
                () ->
                    new PackageRejectedException(
                        Reason.INCOMPATIBLE,
                        "FeatureSpec "
                            + manifest.featureSpecVersion()
                            + " is unknown to this gateway"));
    if (!spec.featureNames().equals(manifest.featureNames())) {
      throw new PackageRejectedException(
          Reason.INCOMPATIBLE,
          "the package's feature order differs from "
              + spec.version()
              + " as this gateway computes it");
    }
    String runtime = ENVIRONMENT.getVersion();
    if (compareVersions(runtime, manifest.minOnnxRuntimeVersion()) < 0) {
      throw new PackageRejectedException(
          Reason.INCOMPATIBLE,
          "needs ONNX Runtime "
              + manifest.minOnnxRuntimeVersion()
              + ", this gateway has "
              + runtime);
    }
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      PackageManifest.SessionOptions wanted = manifest.sessionOptions();
      options.setIntraOpNumThreads(wanted.intraOpThreads());
      options.setInterOpNumThreads(wanted.interOpThreads());
      options.setOptimizationLevel(
          OrtSession.SessionOptions.OptLevel.valueOf(wanted.optimizationLevel()));
      session = ENVIRONMENT.createSession(verified.model(), options);
    } catch (OrtException | IllegalArgumentException e) {
      throw new PackageRejectedException(
          Reason.LOAD_FAILED, "ONNX Runtime could not load the model: " + e.getMessage(), e);
    }
    LoadedModel model = new LoadedModel(manifest, verified.sha256(), spec, session);
    try {
      // A pump no model knows: read against the fleet's row when the model has pump baselines.
      Score smoke = model.score("", new double[spec.featureNames().size()]);
      for (Map.Entry<String, Double> output : smoke.statistics().entrySet()) {
        if (!Double.isFinite(output.getValue())) {
          throw new PackageRejectedException(
              Reason.SMOKE_CHECK_FAILED,
              "output " + output.getKey() + " is " + output.getValue() + " on the built-in input");
        }
      }
      if (!smoke.statistics().containsKey(manifest.scoreOutput())) {
        throw new PackageRejectedException(
            Reason.SMOKE_CHECK_FAILED, "no score output " + manifest.scoreOutput());
      }
      model.warmUp();
    } catch (OrtException | RuntimeException e) {
      model.close();
      throw new PackageRejectedException(
          Reason.SMOKE_CHECK_FAILED, "scoring the built-in input failed: " + e.getMessage(), e);
    } catch (PackageRejectedException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** Scores one feature vector (in the FeatureSpec's order) of a pump of this fleet. */
  public Score score(String pumpId, double[] features) throws OrtException {
    float[][] input = new float[1][features.length];
    for (int i = 0; i < features.length; i++) {
      input[0][i] = (float) features[i];
    }
    Map<String, Double> outputs = new LinkedHashMap<>();
    Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
    try {
      inputs.put(manifest.input().name(), OnnxTensor.createTensor(ENVIRONMENT, input));
      if (pumpIndex != null) {
        // A pump the model was not trained on is read against the fleet's row, the table's last.
        long row = pumpIndex.getOrDefault(pumpId, pumpIndex.size());
        inputs.put(OnnxExport.PUMP, OnnxTensor.createTensor(ENVIRONMENT, new long[][] {{row}}));
      }
      run(inputs, outputs);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
    Double score = outputs.get(manifest.scoreOutput());
    return new Score(score == null ? Double.NaN : score, manifest.threshold(), outputs);
  }

  /**
   * Runs the built-in input {@link #WARM_UP_RUNS} times through every row of the model's pump table
   * before the model scores: a fresh ONNX Runtime session's first runs allocate and are several
   * times slower, and deploy-service judges a new model's latency in its first seconds
   * (ClosedLoopIT rolled a sound model back on p99 5.7 ms against 0.42). Each pump's row must give
   * a finite score.
   */
  private void warmUp() throws OrtException, PackageRejectedException {
    List<String> pumps = new ArrayList<>(pumpIndex == null ? List.of() : pumpIndex.keySet());
    pumps.add("");
    double[] input = new double[spec.featureNames().size()];
    for (int i = 0; i < Math.max(WARM_UP_RUNS, pumps.size()); i++) {
      String pump = pumps.get(i % pumps.size());
      Score score = score(pump, input);
      if (i < pumps.size() && !Double.isFinite(score.score())) {
        throw new PackageRejectedException(
            Reason.SMOKE_CHECK_FAILED,
            "the score is " + score.score() + " on the built-in input for pump '" + pump + "'");
      }
    }
  }

  /** Whether the model judges each pump against its own baseline (ADR 21). */
  public boolean hasPumpBaselines() {
    return pumpIndex != null;
  }

  private void run(Map<String, OnnxTensor> inputs, Map<String, Double> outputs)
      throws OrtException {
    try (OrtSession.Result result = session.run(inputs)) {
      for (Map.Entry<String, OnnxValue> output : result) {
        Object value = output.getValue().getValue();
        if (value instanceof double[][] d) {
          outputs.put(output.getKey(), d[0][0]);
        } else if (value instanceof float[][] f) {
          outputs.put(output.getKey(), (double) f[0][0]);
        }
      }
    }
  }

  public PackageManifest manifest() {
    return manifest;
  }

  public String packageSha256() {
    return packageSha256;
  }

  public FeatureSpec spec() {
    return spec;
  }

  public static String runtimeVersion() {
    return ENVIRONMENT.getVersion();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing a session only frees native memory; nothing else to do.
    }
  }

  /** Compares dotted version numbers numerically (1.10.0 is newer than 1.9.2). */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? leadingNumber(x[i]) : 0;
      int q = i < y.length ? leadingNumber(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int leadingNumber(String part) {
    String digits = part.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
