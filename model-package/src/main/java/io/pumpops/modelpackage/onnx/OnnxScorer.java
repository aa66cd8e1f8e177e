package io.pumpops.modelpackage.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.PumpBaselines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported model in ONNX Runtime (single-threaded, so results do not depend on the
 * machine).
 */
public final class OnnxScorer implements AutoCloseable {

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  /** Each pump's row in the model's baseline table; null for a model without baselines. */
  private final Map<String, Integer> pumpIndex;

  public OnnxScorer(byte[] onnx) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      this.session = environment.createSession(onnx, options);
    }
    this.pumpIndex =
        session.getInputNames().contains(OnnxExport.PUMP)
            ? PumpBaselines.indexFromMetadata(
                session.getMetadata().getCustomMetadata().get(PumpBaselines.METADATA_KEY))
            : null;
  }

  /** Whether the model reads each pump against its own baseline, and so needs the pump's id. */
  public boolean needsPumpIds() {
    return pumpIndex != null;
  }

  /**
   * The model's inputs for these rows: the features as float32, and for a model with baselines each
   * row's pump as its row in the table (the fleet's row for a pump the model does not know).
   */
  public Map<String, OnnxTensor> inputs(List<double[]> rows, List<String> pumpIds)
      throws OrtException {
    float[][] input = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      input[i] = new float[row.length];
      for (int j = 0; j < row.length; j++) {
        input[i][j] = (float) row[j];
      }
    }
    Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
    inputs.put(OnnxExport.INPUT, OnnxTensor.createTensor(environment, input));
    if (pumpIndex != null) {
      if (pumpIds == null || pumpIds.size() != rows.size()) {
        inputs.values().forEach(OnnxTensor::close);
        throw new IllegalArgumentException(
            "this model reads each pump against its own baseline: every row needs its pump id");
      }
      long[][] pumps = new long[rows.size()][1];
      for (int i = 0; i < rows.size(); i++) {
        pumps[i][0] = pumpIndex.getOrDefault(pumpIds.get(i), pumpIndex.size());
      }
      inputs.put(OnnxExport.PUMP, OnnxTensor.createTensor(environment, pumps));
    }
    return inputs;
  }

  /** Scores rows of features (rounded to float32, the model's input type). */
  public List<PcaAnomalyModel.Score> score(List<double[]> rows) throws OrtException {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, OnnxTensor> inputs = inputs(rows, null);
    try (OrtSession.Result result = session.run(inputs)) {
      double[][] t2 = (double[][]) result.get(OnnxExport.T2).orElseThrow().getValue();
      double[][] q = (double[][]) result.get(OnnxExport.Q).orElseThrow().getValue();
      double[][] score = (double[][]) result.get(OnnxExport.SCORE).orElseThrow().getValue();
      boolean[][] anomaly = (boolean[][]) result.get(OnnxExport.ANOMALY).orElseThrow().getValue();
      List<PcaAnomalyModel.Score> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        out.add(new PcaAnomalyModel.Score(t2[i][0], q[i][0], score[i][0], anomaly[i][0]));
      }
      return out;
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Every scalar output of each row by name (float64 and bool outputs; true reads as 1), for any
   * family.
   */
  public List<Map<String, Double>> outputs(List<double[]> rows) throws OrtException {
    return outputs(rows, null);
  }

  /**
   * Every scalar output of each row, the rows' pumps given for a model with baselines ({@link
   * #needsPumpIds}); {@code pumpIds} may be null for a model without.
   */
  public List<Map<String, Double>> outputs(List<double[]> rows, List<String> pumpIds)
      throws OrtException {
    List<Map<String, Double>> out = new ArrayList<>(rows.size());
    if (rows.isEmpty()) {
      return out;
    }
    for (int i = 0; i < rows.size(); i++) {
      out.add(new java.util.TreeMap<>());
    }
    Map<String, OnnxTensor> inputs = inputs(rows, pumpIds);
    try (OrtSession.Result result = session.run(inputs)) {
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> output : result) {
        Object value = output.getValue().getValue();
        for (int i = 0; i < rows.size(); i++) {
          if (value instanceof double[][] d) {
            out.get(i).put(output.getKey(), d[i][0]);
          } else if (value instanceof boolean[][] b) {
            out.get(i).put(output.getKey(), b[i][0] ? 1.0 : 0.0);
          }
        }
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
