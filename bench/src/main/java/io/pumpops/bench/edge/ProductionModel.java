package io.pumpops.bench.edge;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model the benchmarks score with, built the way training-service builds one: synthetic pumps'
 * readings → FeatureSpec windows (features library) → PCA T²+Q with the service's default settings
 * → the deterministic ONNX file. The last fifth of the windows are held out as the inputs to score.
 */
public record ProductionModel(PcaAnomalyModel model, byte[] onnx, List<double[]> inputs) {

  public static ProductionModel build(int pumps, Duration span) {
    FeatureSpec spec = FeatureSpec.PUMP_V1;
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    PumpWindows windows = new PumpWindows(spec);
    for (int p = 1; p <= pumps; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "bench",
              "bench-pump-" + p,
              start,
              Duration.ofSeconds(5),
              List.of(),
              p,
              Optional.of(start.plus(span)));
      while (pump.nextTime().isPresent()) {
        SimulatedReading reading = pump.next();
        windows.add(
            reading.pumpId(),
            reading.seq(),
            reading.eventTime().toEpochMilli(),
            reading.channels());
      }
    }
    List<double[]> rows = windows.completeRows().stream().map(PumpWindows.Row::features).toList();
    int cut = rows.size() * 4 / 5;
    PcaAnomalyModel model =
        PcaAnomalyModel.fit(
            spec.featureNames(), rows.subList(0, cut), PcaAnomalyModel.Settings.defaults());
    byte[] onnx =
        OnnxExport.toOnnx(model, "bench-model", Map.of("featureSpecVersion", spec.version()));
    return new ProductionModel(model, onnx, new ArrayList<>(rows.subList(cut, rows.size())));
  }
}
