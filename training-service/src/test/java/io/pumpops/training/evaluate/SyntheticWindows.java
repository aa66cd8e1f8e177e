package io.pumpops.training.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.localstack.simulator.Scenario;
import io.pumpops.localstack.simulator.SimulatedReading;
import io.pumpops.localstack.simulator.SyntheticPump;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Feature rows of simulated pumps, computed by the features library as training computes them. */
final class SyntheticWindows {

  private SyntheticWindows() {
  }

  static List<double[]> rows(FeatureSpec spec, Instant start, Duration length, int pumps, List<Scenario> scenarios,
                             long seed) {
    PumpWindows windows = new PumpWindows(spec);
    for (int p = 0; p < pumps; p++) {
      SyntheticPump pump = new SyntheticPump("site", "pump-" + p, start, Duration.ofSeconds(5), scenarios, seed + p,
          Optional.of(start.plus(length)));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    return windows.completeRows().stream().map(PumpWindows.Row::features).toList();
  }
}
