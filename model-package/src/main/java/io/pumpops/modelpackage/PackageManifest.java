package io.pumpops.modelpackage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model package says about itself; signed by deploy-service, checked by every gateway before
 * the model is loaded. Serialised as canonical JSON ({@link ModelPackage#manifestBytes}), so the
 * signature covers exactly one byte string.
 *
 * @param formatVersion package layout version, {@value ModelPackage#FORMAT_VERSION}
 * @param artifactSha256 SHA-256 of the ONNX artifact in the model registry
 * @param target target profile the session options were chosen for
 * @param featureNames model-input order; a gateway refuses a package whose names differ from its
 *     own FeatureSpec's
 * @param files SHA-256 of every other file of the package, by entry name
 * @param scoreOutput output holding the anomaly score that is compared with {@code threshold}
 * @param referenceProfileJson the version's reference profile, when the registry carried it
 * @param minOnnxRuntimeVersion oldest ONNX Runtime that runs the model's opset
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackageManifest(
    int formatVersion,
    String modelName,
    int modelVersion,
    String artifactSha256,
    String target,
    String featureSpecVersion,
    List<String> featureNames,
    Map<String, String> files,
    Tensor input,
    List<Tensor> outputs,
    String scoreOutput,
    double threshold,
    String referenceProfileJson,
    String minOnnxRuntimeVersion,
    SessionOptions sessionOptions,
    AlarmPolicy alarmPolicy) {

  /**
   * A manifest without an alarm policy of its own: the gateway applies {@link
   * AlarmPolicy#defaults()}.
   */
  public PackageManifest(
      int formatVersion,
      String modelName,
      int modelVersion,
      String artifactSha256,
      String target,
      String featureSpecVersion,
      List<String> featureNames,
      Map<String, String> files,
      Tensor input,
      List<Tensor> outputs,
      String scoreOutput,
      double threshold,
      String referenceProfileJson,
      String minOnnxRuntimeVersion,
      SessionOptions sessionOptions) {
    this(
        formatVersion,
        modelName,
        modelVersion,
        artifactSha256,
        target,
        featureSpecVersion,
        featureNames,
        files,
        input,
        outputs,
        scoreOutput,
        threshold,
        referenceProfileJson,
        minOnnxRuntimeVersion,
        sessionOptions,
        null);
  }

  /** The alarm policy the gateway applies to this model's verdicts. */
  public AlarmPolicy effectiveAlarmPolicy() {
    return alarmPolicy == null ? AlarmPolicy.defaults() : alarmPolicy;
  }

  public PackageManifest {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(files, "files");
    featureNames = List.copyOf(featureNames);
    files = Map.copyOf(files);
    outputs = List.copyOf(outputs);
  }

  /**
   * A model input or output: name, element type (for example {@code FLOAT}) and shape (-1 for any).
   */
  public record Tensor(String name, String type, List<Long> shape) {}

  /**
   * ONNX Runtime session settings suited to the target.
   *
   * @param optimizationLevel an {@code OrtSession.SessionOptions.OptLevel} name, for example {@code
   *     ALL_OPT}
   */
  public record SessionOptions(int intraOpThreads, int interOpThreads, String optimizationLevel) {}
}
