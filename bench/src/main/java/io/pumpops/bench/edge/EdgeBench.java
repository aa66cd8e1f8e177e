package io.pumpops.bench.edge;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.Percentiles;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxScorer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench edge}: scoring cost at the edge for the production model, ONNX Runtime
 * against the same math in plain Java, measured interleaved in one run: per-window latency
 * percentiles, batch throughput, and a JMH average time per score.
 */
@Command(
    name = "edge",
    mixinStandardHelpOptions = true,
    description =
        "Scoring latency per window (p50/p99/p99.9) and batch throughput of the production model in ONNX "
            + "Runtime versus plain Java, same run; plus JMH's average time per score.")
public final class EdgeBench implements Callable<Integer> {

  private static final int[] BATCHES = {1, 32, 512};

  @Option(
      names = "--calls",
      defaultValue = "50000",
      description = "single-window scores per implementation (default ${DEFAULT-VALUE})")
  int calls;

  @Option(names = "--no-jmh", description = "skip the JMH part (about 20 s)")
  boolean noJmh;

  @Mixin ResultsFolder results;

  /** Per-call nanoseconds of both implementations, collected in alternating blocks. */
  private record Latencies(long[] onnx, long[] java) {}

  @Override
  public Integer call() throws Exception {
    BenchReport report = results.report();
    PrintStream console = report.out();
    console.println(
        "building the production model (synthetic pumps, FeatureSpec pump-v1, PCA T²+Q, ONNX) ...");
    ProductionModel production = ProductionModel.build(10, Duration.ofHours(8));
    ObjectNode json =
        report.start("edge", "pumpops bench edge --calls " + calls + (noJmh ? " --no-jmh" : ""));
    json.put("features", production.model().featureNames().size());
    json.put("keptComponents", production.model().keptComponents());
    json.put("onnxBytes", production.onnx().length);
    json.put("distinctInputs", production.inputs().size());
    try (OnnxScorer onnx = new OnnxScorer(production.onnx())) {
      Latencies latencies = latencies(production, onnx);
      console.printf("%nper-window scoring latency, %d windows each, interleaved (µs)%n", calls);
      console.printf("  %-22s %8s %8s %8s%n", "", "p50", "p99", "p99.9");
      ObjectNode latency = json.putObject("latencyMicros");
      row(
          console,
          latency,
          "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(),
          "onnxRuntime",
          latencies.onnx());
      row(console, latency, "plain Java", "plainJava", latencies.java());

      console.printf("%nbatch throughput (windows/s)%n  %-22s", "batch size");
      Arrays.stream(BATCHES).forEach(b -> console.printf(" %10d", b));
      console.println();
      Map<String, double[]> throughput = throughput(production, onnx);
      ObjectNode batches = json.putObject("throughputPerSecond");
      throughput.forEach(
          (name, perBatch) -> {
            console.printf("  %-22s", name);
            ObjectNode node = batches.putObject(name);
            for (int i = 0; i < BATCHES.length; i++) {
              console.printf(" %10.0f", perBatch[i]);
              node.put("batch" + BATCHES[i], Math.round(perBatch[i]));
            }
            console.println();
          });
      double[] onnxRate = throughput.get("onnxRuntime");
      double[] javaRate = throughput.get("plainJava");
      console.printf(
          "  ratio plain Java / ONNX at batch 1: %.2f, at batch %d: %.2f%n",
          javaRate[0] / onnxRate[0],
          BATCHES[BATCHES.length - 1],
          javaRate[BATCHES.length - 1] / onnxRate[BATCHES.length - 1]);

      if (!noJmh) {
        console.printf(
            "%nJMH average time (2 warm-up and 5 measured iterations of 1 s, in this JVM: see bench/RESULTS.md)%n");
        ObjectNode jmh = json.putObject("jmhMicrosPerScore");
        for (RunResult result : jmh()) {
          String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
          double score = result.getPrimaryResult().getScore();
          double error = result.getPrimaryResult().getScoreError();
          console.printf("  %-22s %8.2f ± %.2f µs/score%n", name, score, error);
          jmh.putObject(name).put("mean", score).put("error99", error);
        }
      }
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("ONNX Runtime", onnxRate);
      series.put("plain Java", javaRate);
      report.finish(
          "edge",
          json,
          new BarChart(
              "Edge scoring throughput by batch size (windows/s, higher is better)",
              "windows/s",
              Arrays.stream(BATCHES).mapToObj(b -> "batch " + b).toList(),
              series));
    }
    return 0;
  }

  /** Alternating blocks, so both implementations see the same machine noise. */
  private Latencies latencies(ProductionModel production, OnnxScorer onnx) throws OrtException {
    List<double[]> inputs = production.inputs();
    PcaAnomalyModel model = production.model();
    for (int i = 0; i < 5_000; i++) {
      onnx.score(List.of(inputs.get(i % inputs.size())));
      model.score(inputs.get(i % inputs.size()));
    }
    long[] onnxNanos = new long[calls];
    long[] javaNanos = new long[calls];
    int block = 1_000;
    for (int from = 0; from < calls; from += block) {
      for (int i = from; i < Math.min(calls, from + block); i++) {
        double[] input = inputs.get(i % inputs.size());
        long started = System.nanoTime();
        onnx.score(List.of(input));
        onnxNanos[i] = System.nanoTime() - started;
      }
      for (int i = from; i < Math.min(calls, from + block); i++) {
        double[] input = inputs.get(i % inputs.size());
        long started = System.nanoTime();
        model.score(input);
        javaNanos[i] = System.nanoTime() - started;
      }
    }
    return new Latencies(onnxNanos, javaNanos);
  }

  private Map<String, double[]> throughput(ProductionModel production, OnnxScorer onnx)
      throws OrtException {
    List<double[]> inputs = production.inputs();
    double[] onnxRate = new double[BATCHES.length];
    double[] javaRate = new double[BATCHES.length];
    int windows = Math.max(20_000, calls);
    for (int b = 0; b < BATCHES.length; b++) {
      int batch = BATCHES[b];
      List<List<double[]>> batches = new ArrayList<>();
      for (int i = 0; i + batch <= windows; i += batch) {
        List<double[]> rows = new ArrayList<>(batch);
        for (int j = 0; j < batch; j++) {
          rows.add(inputs.get((i + j) % inputs.size()));
        }
        batches.add(rows);
      }
      int scored = batches.size() * batch;
      long started = System.nanoTime();
      for (List<double[]> rows : batches) {
        onnx.score(rows);
      }
      onnxRate[b] = scored / ((System.nanoTime() - started) / 1e9);
      started = System.nanoTime();
      for (List<double[]> rows : batches) {
        production.model().score(rows);
      }
      javaRate[b] = scored / ((System.nanoTime() - started) / 1e9);
    }
    Map<String, double[]> rates = new LinkedHashMap<>();
    rates.put("onnxRuntime", onnxRate);
    rates.put("plainJava", javaRate);
    return rates;
  }

  private static Collection<RunResult> jmh() throws Exception {
    // Forks would put the whole classpath on the child's command line, and ONNX Runtime crashes
    // on a command line over about 4 KB: the benchmark runs in this JVM, after its own warm-up.
    return new Runner(
            new OptionsBuilder()
                .include(ScoringBenchmark.class.getName())
                .forks(0)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.MICROSECONDS)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build())
        .run();
  }

  private static void row(
      PrintStream console, ObjectNode json, String label, String key, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double p50 = Percentiles.of(sorted, 0.50) / 1e3;
    double p99 = Percentiles.of(sorted, 0.99) / 1e3;
    double p999 = Percentiles.of(sorted, 0.999) / 1e3;
    console.printf("  %-22s %8.1f %8.1f %8.1f%n", label, p50, p99, p999);
    json.putObject(key).put("p50", p50).put("p99", p99).put("p999", p999);
  }
}
