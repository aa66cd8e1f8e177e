package io.pumpops.modelpackage.onnx;

import ai.onnx.proto.OnnxMl;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The {@link PcaAnomalyModel} as an ONNX graph, built with Tribuo's ONNX graph builder.
 *
 * <p>Contract: input {@value #INPUT}, float32 {@code [batch, features]} in the FeatureSpec's order;
 * outputs {@value #T2}, {@value #Q} and {@value #SCORE} (float64 {@code [batch, 1]}) and {@value
 * #ANOMALY} (bool {@code [batch, 1]}, score above 1). The arithmetic runs in float64 after casting
 * the input, as the Java model does, so the two agree to rounding.
 *
 * <p>Deterministic: no timestamps, no random ids; node names come from a counter, weights are
 * written in a fixed order; equal models give equal bytes.
 */
public final class OnnxExport {

  public static final String INPUT = "features";
  public static final String T2 = "t2";
  public static final String Q = "q";
  public static final String SCORE = "score";
  public static final String ANOMALY = "anomaly";

  /** The residual statistic of the families that have one (similarity, regression residuals). */
  public static final String RESIDUAL = "residual";

  /** ONNX IR version 7 goes with opset 13. */
  private static final long IR_VERSION = 7;

  private OnnxExport() {}

  /**
   * @param metadata written into the model's metadata (FeatureSpec version, model name and version,
   *     ...)
   */
  public static byte[] toOnnx(
      PcaAnomalyModel model, String graphName, Map<String, String> metadata) {
    int features = model.featureNames().size();
    int k = model.keptComponents();
    ONNXContext ctx = new ONNXContext();
    ctx.setName(graphName);
    ONNXPlaceholder input = ctx.floatInput(INPUT, features);
    ONNXPlaceholder t2Out = ctx.floatOutput(T2, 1);
    ONNXPlaceholder qOut = ctx.floatOutput(Q, 1);
    ONNXPlaceholder scoreOut = ctx.floatOutput(SCORE, 1);
    ONNXPlaceholder anomalyOut = ctx.floatOutput(ANOMALY, 1);

    ONNXNode z =
        input
            .cast(double.class)
            .apply(ONNXOperators.SUB, ctx.array("mean", model.mean(), false))
            .apply(ONNXOperators.DIV, ctx.array("scale", model.scale(), false));
    double[] flat = new double[k * features];
    for (int j = 0; j < k; j++) {
      System.arraycopy(model.components()[j], 0, flat, j * features, features);
    }
    ONNXNode components =
        ctx.array("components", flat, false)
            .apply(ExtraOperators.RESHAPE, ctx.array("components_shape", new long[] {k, features}));
    // Scores on the components: t = z · Cᵀ, [batch, k].
    ONNXNode t =
        ctx.operation(
            ONNXOperators.GEMM, List.of(z, components), "projection", Map.of("transB", 1));
    ONNXInitializer axis = ctx.array("feature_axis", new long[] {1});
    ONNXNode t2 =
        sumOverAxis(
            t.apply(ONNXOperators.MUL, t)
                .apply(ONNXOperators.DIV, ctx.array("eigenvalues", model.eigenvalues(), false)),
            axis);
    ONNXNode reconstruction =
        ctx.operation(ONNXOperators.GEMM, List.of(t, components), "reconstruction", Map.of());
    ONNXNode residual = z.apply(ONNXOperators.SUB, reconstruction);
    ONNXNode q = sumOverAxis(residual.apply(ONNXOperators.MUL, residual), axis);
    ONNXNode t2Ratio =
        t2.apply(ONNXOperators.DIV, ctx.array("t2_limit", new double[] {model.t2Limit()}, false));
    ONNXNode qRatio =
        q.apply(ONNXOperators.DIV, ctx.array("q_limit", new double[] {model.qLimit()}, false));
    ONNXNode t2Larger = t2Ratio.apply(ONNXOperators.GREATER, qRatio);
    ONNXNode score =
        ctx.operation(
            ONNXOperators.WHERE,
            List.<ONNXRef<?>>of(t2Larger, t2Ratio, qRatio),
            "max_ratio",
            Map.of());
    ONNXNode anomaly =
        score.apply(ONNXOperators.GREATER, ctx.array("alarm_level", new double[] {1.0}, false));
    t2.assignTo(t2Out);
    q.assignTo(qOut);
    score.assignTo(scoreOut);
    anomaly.assignTo(anomalyOut);

    return model(
        ctx,
        "PCA anomaly model: T² and Q against their control limits; score = max ratio, anomaly = score > 1",
        metadata);
  }

  /**
   * The model around a finished graph: opset, producer, metadata in key order, our output types.
   */
  static byte[] model(ONNXContext ctx, String docString, Map<String, String> metadata) {
    OnnxMl.GraphProto graph = withOutputTypes(ctx.buildGraph());
    OnnxMl.ModelProto.Builder onnx =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(ONNXOperators.getOpsetProto())
            .setProducerName("pumpops-training")
            .setDomain("io.pumpops")
            .setModelVersion(1)
            .setDocString(docString)
            .setGraph(graph);
    new java.util.TreeMap<>(metadata)
        .forEach(
            (key, value) ->
                onnx.addMetadataProps(
                    OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return onnx.build().toByteArray();
  }

  static ONNXNode sumOverAxis(ONNXNode values, ONNXInitializer axis) {
    return values
        .onnxContext()
        .operation(
            ONNXOperators.REDUCE_SUM,
            List.<ONNXRef<?>>of(values, axis),
            values.getBaseName() + "_sum",
            Map.of("keepdims", 1));
  }

  /** The builder declares float outputs; ours are float64 scores and a bool flag. */
  private static OnnxMl.GraphProto withOutputTypes(OnnxMl.GraphProto graph) {
    OnnxMl.GraphProto.Builder builder = graph.toBuilder();
    for (int i = 0; i < builder.getOutputCount(); i++) {
      OnnxMl.ValueInfoProto.Builder output = builder.getOutputBuilder(i);
      OnnxMl.TensorProto.DataType type =
          output.getName().equals(ANOMALY)
              ? OnnxMl.TensorProto.DataType.BOOL
              : OnnxMl.TensorProto.DataType.DOUBLE;
      output.getTypeBuilder().getTensorTypeBuilder().setElemType(type.getNumber());
    }
    return builder.build();
  }
}
