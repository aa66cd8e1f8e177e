package io.pumpops.modelpackage.onnx;

import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * The {@link SimilarityAnomalyModel} as an ONNX graph. Same input as {@link OnnxExport} (float32
 * {@code [batch, features]} named {@value OnnxExport#INPUT}); outputs {@value #RESIDUAL} and
 * {@value OnnxExport#SCORE} (float64 {@code [batch, 1]}) and {@value OnnxExport#ANOMALY} (bool), so
 * a gateway scores it exactly as it scores the PCA family: by the manifest's score output and
 * threshold.
 *
 * <p>The squared distances to the memory are expanded as ‖z‖² − 2 z·d + ‖d‖² so that one matrix
 * product computes them all; the Java model sums them directly, and the two agree to rounding.
 */
public final class SimilarityOnnxExport {

  public static final String RESIDUAL = OnnxExport.RESIDUAL;

  private SimilarityOnnxExport() {}

  public static byte[] toOnnx(
      SimilarityAnomalyModel model, String graphName, Map<String, String> metadata) {
    return toOnnx(model, null, graphName, metadata);
  }

  /**
   * @param baselines each pump's baseline the model reads its features against, or null
   */
  public static byte[] toOnnx(
      SimilarityAnomalyModel model,
      PumpBaselines baselines,
      String graphName,
      Map<String, String> metadata) {
    int features = model.featureNames().size();
    int memorySize = model.memorySize();
    ONNXContext ctx = new ONNXContext();
    ctx.setName(graphName);
    ONNXNode input = OnnxExport.doubleInput(ctx, features, baselines);
    ONNXPlaceholder residualOut = ctx.floatOutput(RESIDUAL, 1);
    ONNXPlaceholder scoreOut = ctx.floatOutput(OnnxExport.SCORE, 1);
    ONNXPlaceholder anomalyOut = ctx.floatOutput(OnnxExport.ANOMALY, 1);

    ONNXNode z =
        input
            .apply(ONNXOperators.SUB, ctx.array("mean", model.mean(), false))
            .apply(ONNXOperators.DIV, ctx.array("scale", model.scale(), false));
    ONNXNode memory = matrix(ctx, "memory", model.memory(), features);
    ONNXNode weights = matrix(ctx, "weights", model.weights(), features);
    double[] memoryNorms = new double[memorySize];
    for (int m = 0; m < memorySize; m++) {
      for (double v : model.memory()[m]) {
        memoryNorms[m] += v * v;
      }
    }
    ONNXInitializer axis = ctx.array("feature_axis", new long[] {1});
    ONNXNode zNorms = OnnxExport.sumOverAxis(z.apply(ONNXOperators.MUL, z), axis);
    ONNXNode cross =
        ctx.operation(
            ONNXOperators.GEMM, List.of(z, memory), "cross", Map.of("transB", 1, "alpha", -2.0f));
    // [batch, memory]: ‖z‖² − 2 z·d + ‖d‖², then the Gaussian kernel of it.
    ONNXNode squaredDistances =
        cross
            .apply(ONNXOperators.ADD, zNorms)
            .apply(ONNXOperators.ADD, ctx.array("memory_norms", memoryNorms, false));
    double bandwidth = model.bandwidth();
    ONNXNode similarity =
        squaredDistances
            .apply(
                ONNXOperators.MUL,
                ctx.array("kernel_factor", new double[] {-1 / (2 * bandwidth * bandwidth)}, false))
            .apply(ExtraOperators.EXP);
    ONNXNode estimate =
        ctx.operation(ONNXOperators.GEMM, List.of(similarity, weights), "estimate", Map.of());
    ONNXNode difference = z.apply(ONNXOperators.SUB, estimate);
    ONNXNode residual =
        OnnxExport.sumOverAxis(difference.apply(ONNXOperators.MUL, difference), axis);
    ONNXNode score =
        residual.apply(
            ONNXOperators.DIV,
            ctx.array("residual_limit", new double[] {model.residualLimit()}, false));
    ONNXNode anomaly =
        score.apply(ONNXOperators.GREATER, ctx.array("alarm_level", new double[] {1.0}, false));
    residual.assignTo(residualOut);
    score.assignTo(scoreOut);
    anomaly.assignTo(anomalyOut);
    return OnnxExport.model(
        ctx,
        "Similarity (MSET-style) anomaly model: squared residual of the memory's estimate "
            + "against its control limit; score = ratio, anomaly = score > 1",
        metadata);
  }

  private static ONNXNode matrix(ONNXContext ctx, String name, double[][] rows, int columns) {
    double[] flat = new double[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * columns, columns);
    }
    return ctx.array(name, flat, false)
        .apply(
            ExtraOperators.RESHAPE, ctx.array(name + "_shape", new long[] {rows.length, columns}));
  }
}
