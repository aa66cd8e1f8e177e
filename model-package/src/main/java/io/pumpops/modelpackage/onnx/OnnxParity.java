package io.pumpops.modelpackage.onnx;

import ai.onnxruntime.OrtException;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the exported ONNX model computes what the Java model computes: on the same rows (rounded
 * to float32, the ONNX input type), every output within {@link #TOLERANCE}, relative to the
 * value's size where it is above 1.
 */
public final class OnnxParity {

  public static final double TOLERANCE = 1e-5;

  /** @param worstDifference the largest difference over every row and output */
  public record Result(int rows, double worstDifference, boolean flagsAgree) {
    public boolean passed() {
      return worstDifference <= TOLERANCE && flagsAgree;
    }
  }

  private OnnxParity() {
  }

  public static Result check(PcaAnomalyModel model, byte[] onnx, List<double[]> rows) throws OrtException {
    List<double[]> asFloat = new ArrayList<>(rows.size());
    for (double[] row : rows) {
      double[] rounded = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        rounded[j] = (float) row[j];
      }
      asFloat.add(rounded);
    }
    List<PcaAnomalyModel.Score> fromOnnx;
    try (OnnxScorer scorer = new OnnxScorer(onnx)) {
      fromOnnx = scorer.score(asFloat);
    }
    double worst = 0;
    boolean flagsAgree = true;
    for (int i = 0; i < rows.size(); i++) {
      PcaAnomalyModel.Score java = model.score(asFloat.get(i));
      PcaAnomalyModel.Score ort = fromOnnx.get(i);
      worst = Math.max(worst, difference(java.t2(), ort.t2()));
      worst = Math.max(worst, difference(java.q(), ort.q()));
      worst = Math.max(worst, difference(java.score(), ort.score()));
      // A score within the tolerance of the alarm level may fall either side of it.
      flagsAgree &= java.anomaly() == ort.anomaly() || Math.abs(java.score() - 1) <= TOLERANCE;
    }
    return new Result(rows.size(), worst, flagsAgree);
  }

  private static double difference(double expected, double actual) {
    return Math.abs(expected - actual) / Math.max(1, Math.abs(expected));
  }
}
