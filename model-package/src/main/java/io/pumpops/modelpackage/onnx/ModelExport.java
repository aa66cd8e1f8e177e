package io.pumpops.modelpackage.onnx;

import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import io.pumpops.modelpackage.model.RegressionResidualModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.Map;
import java.util.TreeMap;

/**
 * Any family's model as its ONNX graph ({@link OnnxExport}, {@link SimilarityOnnxExport}, {@link
 * RegressionOnnxExport}), and the values the Java model gives for that graph's outputs, so that
 * training, parity and packaging need not know which family they hold.
 */
public final class ModelExport {

  private ModelExport() {}

  /** The family's ONNX graph ({@link OnnxExport}, {@link SimilarityOnnxExport}). */
  public static byte[] toOnnx(AnomalyModel model, String graphName, Map<String, String> metadata) {
    return toOnnx(model, null, graphName, metadata);
  }

  /**
   * The family's graph behind the pumps' baselines (ADR 21): a second input {@value
   * OnnxExport#PUMP}, and the pump ids in row order in the metadata ({@link
   * PumpBaselines#METADATA_KEY}).
   *
   * @param baselines null: the features as they are, one input
   */
  public static byte[] toOnnx(
      AnomalyModel model, PumpBaselines baselines, String graphName, Map<String, String> metadata) {
    Map<String, String> withPumps = new TreeMap<>(metadata);
    if (baselines != null) {
      withPumps.put(PumpBaselines.METADATA_KEY, baselines.metadataValue());
    }
    if (model instanceof PcaAnomalyModel pca) {
      return OnnxExport.toOnnx(pca, baselines, graphName, withPumps);
    }
    if (model instanceof SimilarityAnomalyModel similarity) {
      return SimilarityOnnxExport.toOnnx(similarity, baselines, graphName, withPumps);
    }
    if (model instanceof RegressionResidualModel regression) {
      return RegressionOnnxExport.toOnnx(regression, baselines, graphName, withPumps);
    }
    throw new IllegalArgumentException("no ONNX export for the " + model.family() + " family");
  }

  /**
   * The Java model's value of each of the graph's outputs for one row (the anomaly flag as 1 or 0).
   */
  public static Map<String, Double> outputs(AnomalyModel model, double[] row) {
    Map<String, Double> outputs = new TreeMap<>();
    if (model instanceof PcaAnomalyModel pca) {
      PcaAnomalyModel.Score s = pca.score(row);
      outputs.put(OnnxExport.T2, s.t2());
      outputs.put(OnnxExport.Q, s.q());
      outputs.put(OnnxExport.SCORE, s.score());
      outputs.put(OnnxExport.ANOMALY, s.anomaly() ? 1.0 : 0.0);
    } else if (model instanceof SimilarityAnomalyModel similarity) {
      SimilarityAnomalyModel.Score s = similarity.score(row);
      outputs.put(SimilarityOnnxExport.RESIDUAL, s.residual());
      outputs.put(OnnxExport.SCORE, s.score());
      outputs.put(OnnxExport.ANOMALY, s.anomaly() ? 1.0 : 0.0);
    } else if (model instanceof RegressionResidualModel regression) {
      RegressionResidualModel.Score s = regression.score(row);
      outputs.put(OnnxExport.RESIDUAL, s.statistic());
      outputs.put(OnnxExport.SCORE, s.score());
      outputs.put(OnnxExport.ANOMALY, s.anomaly() ? 1.0 : 0.0);
    } else {
      throw new IllegalArgumentException("no ONNX outputs for the " + model.family() + " family");
    }
    return outputs;
  }
}
