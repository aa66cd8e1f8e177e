package io.pumpops.modelpackage.onnx;

import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.model.RegressionResidualModel;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * The {@link RegressionResidualModel} as an ONNX graph: the same input as every family ({@value
 * OnnxExport#INPUT}), outputs {@value OnnxExport#RESIDUAL} (the sum of squared standardised
 * residuals) and {@value OnnxExport#SCORE} (float64 {@code [batch, 1]}) and {@value
 * OnnxExport#ANOMALY} (bool). One matrix product gives every feature's residual; the graph is
 * deterministic like the others.
 */
public final class RegressionOnnxExport {

  private RegressionOnnxExport() {}

  public static byte[] toOnnx(
      RegressionResidualModel model, String graphName, Map<String, String> metadata) {
    return toOnnx(model, null, graphName, metadata);
  }

  /**
   * @param baselines each pump's baseline the model reads its features against, or null
   */
  public static byte[] toOnnx(
      RegressionResidualModel model,
      PumpBaselines baselines,
      String graphName,
      Map<String, String> metadata) {
    int features = model.featureNames().size();
    ONNXContext ctx = new ONNXContext();
    ctx.setName(graphName);
    ONNXNode input = OnnxExport.doubleInput(ctx, features, baselines);
    ONNXPlaceholder residualOut = ctx.floatOutput(OnnxExport.RESIDUAL, 1);
    ONNXPlaceholder scoreOut = ctx.floatOutput(OnnxExport.SCORE, 1);
    ONNXPlaceholder anomalyOut = ctx.floatOutput(OnnxExport.ANOMALY, 1);

    ONNXNode z =
        input
            .apply(ONNXOperators.SUB, ctx.array("mean", model.mean(), false))
            .apply(ONNXOperators.DIV, ctx.array("scale", model.scale(), false));
    double[] flat = new double[features * features];
    for (int k = 0; k < features; k++) {
      System.arraycopy(model.projection()[k], 0, flat, k * features, features);
    }
    ONNXNode projection =
        ctx.array("projection", flat, false)
            .apply(
                ExtraOperators.RESHAPE,
                ctx.array("projection_shape", new long[] {features, features}));
    ONNXNode residuals =
        ctx.operation(ONNXOperators.GEMM, List.of(z, projection), "residuals", Map.of());
    ONNXInitializer axis = ctx.array("feature_axis", new long[] {1});
    ONNXNode statistic =
        OnnxExport.sumOverAxis(residuals.apply(ONNXOperators.MUL, residuals), axis);
    ONNXNode score =
        statistic.apply(ONNXOperators.DIV, ctx.array("limit", new double[] {model.limit()}, false));
    ONNXNode anomaly =
        score.apply(ONNXOperators.GREATER, ctx.array("alarm_level", new double[] {1.0}, false));
    statistic.assignTo(residualOut);
    score.assignTo(scoreOut);
    anomaly.assignTo(anomalyOut);
    return OnnxExport.model(
        ctx,
        "Per-feature regression residuals: the sum of each feature's squared standardised "
            + "residual, regressed on all the others, against its control limit; score = ratio, anomaly = score > 1",
        metadata);
  }
}
