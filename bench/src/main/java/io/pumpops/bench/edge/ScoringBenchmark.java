package io.pumpops.bench.edge;

import ai.onnxruntime.OrtException;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxScorer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The micro part of {@code pumpops bench edge}, under JMH: one window's features to its score, in
 * ONNX Runtime and in plain Java (the same PCA T²+Q math, {@link PcaAnomalyModel#score}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {

  private PcaAnomalyModel model;
  private OnnxScorer onnx;
  private List<double[]> inputs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    ProductionModel production = ProductionModel.build(4, Duration.ofHours(4));
    model = production.model();
    onnx = new OnnxScorer(production.onnx());
    inputs = production.inputs();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    onnx.close();
  }

  private double[] nextInput() {
    next = (next + 1) % inputs.size();
    return inputs.get(next);
  }

  @Benchmark
  public PcaAnomalyModel.Score onnxRuntime() throws OrtException {
    return onnx.score(List.of(nextInput())).get(0);
  }

  @Benchmark
  public PcaAnomalyModel.Score plainJava() {
    return model.score(nextInput());
  }
}
