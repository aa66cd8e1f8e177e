package io.pumpops.deploy.packaging;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageManifest;
import io.pumpops.modelpackage.onnx.OnnxExport;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns a registered ONNX model into a signed package for one target profile. The model is loaded
 * in ONNX Runtime here first: a model that does not load is never shipped, and its input and output
 * names and shapes come from the model itself, not from configuration.
 */
public final class PackageBuilder {

  /** ONNX opset → the first ONNX Runtime release that implements it. */
  private static final NavigableMap<Long, String> OPSET_TO_RUNTIME =
      new TreeMap<>(
          Map.of(
              13L, "1.7.0", 14L, "1.10.0", 15L, "1.11.0", 16L, "1.12.0", 17L, "1.13.0", 18L,
              "1.14.0", 19L, "1.16.0", 20L, "1.17.0", 21L, "1.18.0", 22L, "1.20.0"));

  private final PrivateKey signingKey;
  private final String scoreOutput;
  private final double threshold;

  /**
   * @param scoreOutput the model output holding the anomaly score
   * @param threshold score above which a window is an anomaly (the PCA model's score is scaled so
   *     that 1 is its limit)
   */
  public PackageBuilder(PrivateKey signingKey, String scoreOutput, double threshold) {
    this.signingKey = signingKey;
    this.scoreOutput = scoreOutput;
    this.threshold = threshold;
  }

  /** What the registry says about the version to package. */
  /**
   * @param alarmPolicy the policy training recorded in the version's lineage; carried into the
   *     package
   */
  public record ModelSource(
      String modelName,
      int version,
      String artifactSha256,
      String featureSpecVersion,
      String referenceProfileJson,
      byte[] onnx,
      AlarmPolicy alarmPolicy) {

    /** A source whose lineage records no alarm policy: the package carries the defaults. */
    public ModelSource(
        String modelName,
        int version,
        String artifactSha256,
        String featureSpecVersion,
        String referenceProfileJson,
        byte[] onnx) {
      this(
          modelName,
          version,
          artifactSha256,
          featureSpecVersion,
          referenceProfileJson,
          onnx,
          AlarmPolicy.defaults());
    }
  }

  public ModelPackage.Built build(ModelSource source, TargetProfile target) {
    FeatureSpec spec =
        FeatureSpec.byVersion(source.featureSpecVersion())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "FeatureSpec "
                            + source.featureSpecVersion()
                            + " is unknown to deploy-service"));
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    PackageManifest.Tensor input;
    List<PackageManifest.Tensor> outputs = new ArrayList<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = environment.createSession(source.onnx(), options)) {
      // Gateways feed the features, and the pump's row for a model with pump baselines (ADR 21).
      Map<String, NodeInfo> inputs = session.getInputInfo();
      java.util.Set<String> unknown = new java.util.TreeSet<>(inputs.keySet());
      unknown.removeAll(java.util.Set.of(OnnxExport.INPUT, OnnxExport.PUMP));
      if (!inputs.containsKey(OnnxExport.INPUT) || !unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "the model's inputs are "
                + inputs.keySet()
                + "; gateways feed '"
                + OnnxExport.INPUT
                + "' and, for a model with pump baselines, '"
                + OnnxExport.PUMP
                + "'");
      }
      input = tensor(inputs.get(OnnxExport.INPUT));
      for (NodeInfo output : session.getOutputInfo().values()) {
        outputs.add(tensor(output));
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load "
              + source.modelName()
              + " v"
              + source.version()
              + ": "
              + e.getMessage(),
          e);
    }
    if (outputs.stream().noneMatch(o -> o.name().equals(scoreOutput))) {
      throw new IllegalArgumentException("the model has no output '" + scoreOutput + "'");
    }
    PackageManifest manifest =
        new PackageManifest(
            ModelPackage.FORMAT_VERSION,
            source.modelName(),
            source.version(),
            source.artifactSha256(),
            target.hardwareClass(),
            spec.version(),
            spec.featureNames(),
            Map.of(),
            input,
            outputs,
            scoreOutput,
            threshold,
            source.referenceProfileJson(),
            minimumRuntime(source.onnx()),
            target.sessionOptions(),
            source.alarmPolicy());
    return ModelPackage.build(manifest, source.onnx(), signingKey);
  }

  static String minimumRuntime(byte[] onnx) {
    try {
      long opset =
          OnnxMl.ModelProto.parseFrom(onnx).getOpsetImportList().stream()
              .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
              .mapToLong(OnnxMl.OperatorSetIdProto::getVersion)
              .max()
              .orElse(13);
      Map.Entry<Long, String> entry = OPSET_TO_RUNTIME.floorEntry(opset);
      return entry == null ? OPSET_TO_RUNTIME.firstEntry().getValue() : entry.getValue();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
  }

  private static PackageManifest.Tensor tensor(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new IllegalArgumentException(node.getName() + " is not a tensor");
    }
    return new PackageManifest.Tensor(
        node.getName(), info.type.name(), Arrays.stream(info.getShape()).boxed().toList());
  }
}
