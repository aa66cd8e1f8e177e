package io.pumpops.modelpackage.onnx;

import ai.onnxruntime.OrtException;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the exported ONNX model computes what the Java model computes: on the same rows (rounded
 * to float32, the ONNX input type), every output within {@link #TOLERANCE}, relative to the value's
 * size where it is above 1.
 */
public final class OnnxParity {

  public static final double TOLERANCE = 1e-5;

  /**
   * @param worstDifference the largest difference over every row and output
   */
  public record Result(int rows, double worstDifference, boolean flagsAgree) {
    public boolean passed() {
      return worstDifference <= TOLERANCE && flagsAgree;
    }
  }

  private OnnxParity() {}

  /** Any family: every output of the graph against the Java model's value, and the verdicts. */
  public static Result check(AnomalyModel model, byte[] onnx, List<double[]> rows)
      throws OrtException {
    return check(model, null, onnx, rows, null);
  }

  /**
   * A model read against pump baselines: the graph is given the raw rows and their pumps, the Java
   * model the rows in the pumps' units ({@link PumpBaselines#apply}).
   *
   * @param baselines null for a model without them (then {@code pumpIds} may be null)
   */
  public static Result check(
      AnomalyModel model,
      PumpBaselines baselines,
      byte[] onnx,
      List<double[]> rows,
      List<String> pumpIds)
      throws OrtException {
    List<double[]> asFloat = new ArrayList<>(rows.size());
    for (double[] row : rows) {
      double[] rounded = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        rounded[j] = (float) row[j];
      }
      asFloat.add(rounded);
    }
    List<Map<String, Double>> fromOnnx;
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      fromOnnx = scorer.outputs(asFloat, pumpIds);
    }
    double worst = 0;
    boolean flagsAgree = true;
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Double> java =
          ModelExport.outputs(
              model,
              baselines == null ? asFloat.get(i) : baselines.apply(pumpIds.get(i), asFloat.get(i)));
      Map<String, Double> ort = fromOnnx.get(i);
      if (!ort.keySet().equals(java.keySet())) {
        throw new IllegalStateException(
            "the ONNX graph's outputs "
                + ort.keySet()
                + " are not the "
                + model.family()
                + " model's "
                + java.keySet());
      }
      for (Map.Entry<String, Double> output : java.entrySet()) {
        if (!output.getKey().equals(OnnxExport.ANOMALY)) {
          worst = Math.max(worst, difference(output.getValue(), ort.get(output.getKey())));
        }
      }
      double score = java.get(OnnxExport.SCORE);
      // A score within the tolerance of the alarm level may fall either side of it.
      flagsAgree &=
          java.get(OnnxExport.ANOMALY).equals(ort.get(OnnxExport.ANOMALY))
              || Math.abs(score - 1) <= TOLERANCE;
    }
    return new Result(rows.size(), worst, flagsAgree);
  }

  /**
   * The relative difference the tolerance applies to: absolute below 1, relative to the value's
   * size above.
   */
  public static double difference(double expected, double actual) {
    return Math.abs(expected - actual) / Math.max(1, Math.abs(expected));
  }
}
