package io.pumpops.modelpackage.onnx;

import ai.onnx.proto.OnnxMl;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
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

  /**
   * The second input of a model with pump baselines (ADR 21): int64 {@code [batch, 1]}, each row's
   * pump as its row in the baseline table ({@link PumpBaselines#index}).
   */
  public static final String PUMP = "pump";

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
    return toOnnx(model, null, graphName, metadata);
  }

  /**
   * @param baselines each pump's baseline the model reads its features against, or null (the
   *     features as they are)
   */
  public static byte[] toOnnx(
      PcaAnomalyModel model,
      PumpBaselines baselines,
      String graphName,
      Map<String, String> metadata) {
    int features = model.featureNames().size();
    int k = model.keptComponents();
    ONNXContext ctx = new ONNXContext();
    ctx.setName(graphName);
    ONNXNode input = doubleInput(ctx, features, baselines);
    ONNXPlaceholder t2Out = ctx.floatOutput(T2, 1);
    ONNXPlaceholder qOut = ctx.floatOutput(Q, 1);
    ONNXPlaceholder scoreOut = ctx.floatOutput(SCORE, 1);
    ONNXPlaceholder anomalyOut = ctx.floatOutput(ANOMALY, 1);

    ONNXNode z =
        input
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

  /**
   * The features as float64 {@code [batch, features]}: the {@value #INPUT} input cast, and with
   * baselines, read against each row's pump's baseline (the {@value #PUMP} input picks the rows of
   * the mean and spread tables).
   */
  static ONNXNode doubleInput(ONNXContext ctx, int features, PumpBaselines baselines) {
    ONNXPlaceholder input = ctx.floatInput(INPUT, features);
    if (baselines == null) {
      return input.cast(double.class);
    }
    ONNXPlaceholder pump = ctx.floatInput(PUMP, 1);
    int rows = baselines.pumpIds().size() + 1;
    ONNXInitializer tableShape = ctx.array("baseline_shape", new long[] {rows, features});
    ONNXInitializer rowShape = ctx.array("baseline_row_shape", new long[] {-1, features});
    ONNXNode mean =
        pumpRows(
            ctx.array("baseline_mean", baselines.flatMean(), false)
                .apply(ExtraOperators.RESHAPE, tableShape),
            pump,
            rowShape);
    ONNXNode scale =
        pumpRows(
            ctx.array("baseline_scale", baselines.flatScale(), false)
                .apply(ExtraOperators.RESHAPE, tableShape),
            pump,
            rowShape);
    return input.cast(double.class).apply(ONNXOperators.SUB, mean).apply(ONNXOperators.DIV, scale);
  }

  /**
   * Gather of each row's pump's table row: {@code [batch, 1]} indices give {@code [batch, 1, F]}.
   */
  private static ONNXNode pumpRows(ONNXNode table, ONNXPlaceholder pump, ONNXInitializer shape) {
    return table
        .onnxContext()
        .operation(
            ONNXOperators.GATHER, List.<ONNXRef<?>>of(table, pump), "pump_rows", Map.of("axis", 0))
        .apply(ExtraOperators.RESHAPE, shape);
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

  /**
   * The builder declares float inputs and outputs; ours are float64 scores, a bool flag and an
   * int64 pump index.
   */
  private static OnnxMl.GraphProto withOutputTypes(OnnxMl.GraphProto graph) {
    OnnxMl.GraphProto.Builder builder = graph.toBuilder();
    for (int i = 0; i < builder.getInputCount(); i++) {
      OnnxMl.ValueInfoProto.Builder input = builder.getInputBuilder(i);
      if (input.getName().equals(PUMP)) {
        input
            .getTypeBuilder()
            .getTensorTypeBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.INT64.getNumber());
      }
    }
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
