package io.pumpops.modelpackage.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
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

  public OnnxScorer(byte[] onnx) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      this.session = environment.createSession(onnx, options);
    }
  }

  /** Scores rows of features (rounded to float32, the model's input type). */
  public List<PcaAnomalyModel.Score> score(List<double[]> rows) throws OrtException {
    if (rows.isEmpty()) {
      return List.of();
    }
    float[][] input = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      input[i] = new float[row.length];
      for (int j = 0; j < row.length; j++) {
        input[i][j] = (float) row[j];
      }
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
      double[][] t2 = (double[][]) result.get(OnnxExport.T2).orElseThrow().getValue();
      double[][] q = (double[][]) result.get(OnnxExport.Q).orElseThrow().getValue();
      double[][] score = (double[][]) result.get(OnnxExport.SCORE).orElseThrow().getValue();
      boolean[][] anomaly = (boolean[][]) result.get(OnnxExport.ANOMALY).orElseThrow().getValue();
      List<PcaAnomalyModel.Score> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        out.add(new PcaAnomalyModel.Score(t2[i][0], q[i][0], score[i][0], anomaly[i][0]));
      }
      return out;
    }
  }

  /**
   * Every scalar output of each row by name (float64 and bool outputs; true reads as 1), for any
   * family.
   */
  public List<Map<String, Double>> outputs(List<double[]> rows) throws OrtException {
    List<Map<String, Double>> out = new ArrayList<>(rows.size());
    if (rows.isEmpty()) {
      return out;
    }
    float[][] input = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      input[i] = new float[rows.get(i).length];
      for (int j = 0; j < input[i].length; j++) {
        input[i][j] = (float) rows.get(i)[j];
      }
      out.add(new java.util.TreeMap<>());
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
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
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
