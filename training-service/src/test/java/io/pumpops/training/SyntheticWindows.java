package io.pumpops.training;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Feature rows of simulated pumps, computed by the features library as training computes them. */
public final class SyntheticWindows {

  private SyntheticWindows() {}

  /** Complete windows of {@code pumps} pumps named pump-0, pump-1, ... reading every 5 s. */
  public static List<double[]> rows(
      FeatureSpec spec,
      Instant start,
      Duration length,
      int pumps,
      List<Scenario> scenarios,
      long seed) {
    List<SyntheticPump> fleet = new ArrayList<>();
    for (int p = 0; p < pumps; p++) {
      fleet.add(
          new SyntheticPump(
              "site",
              "pump-" + p,
              start,
              Duration.ofSeconds(5),
              scenarios,
              seed + p,
              Optional.of(start.plus(length))));
    }
    return rows(spec, fleet);
  }

  /**
   * Complete windows (each pump's first and last left out) of the given pumps, read to their end.
   */
  public static List<double[]> rows(FeatureSpec spec, List<SyntheticPump> pumps) {
    PumpWindows windows = new PumpWindows(spec);
    for (SyntheticPump pump : pumps) {
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    return windows.completeRows().stream().map(PumpWindows.Row::features).toList();
  }
}
