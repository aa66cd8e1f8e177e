package io.pumpops.drift.calibration;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.window.WindowAggregate;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fleet of synthetic pumps reduced to what the drift path sees: one feature row per pump per
 * FeatureSpec window, computed by the features library exactly as feature-stream computes it.
 */
final class SyntheticFleet {

  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  /** Feature rows by window start, every pump's row of that window. */
  private final TreeMap<Instant, List<Map<String, Double>>> rows = new TreeMap<>();

  private final FeatureSpec spec;

  SyntheticFleet(
      FeatureSpec spec,
      int pumps,
      Duration length,
      Duration readingInterval,
      List<Scenario> scenarios,
      long seed) {
    this.spec = spec;
    for (int p = 0; p < pumps; p++) {
      SyntheticPump pump =
          new SyntheticPump(
              "site-1",
              "pump-" + p,
              T0,
              readingInterval,
              scenarios,
              seed,
              Optional.of(T0.plus(length)));
      Instant windowStart = T0;
      WindowAggregate window = new WindowAggregate();
      while (pump.nextTime().isPresent()) {
        SimulatedReading reading = pump.next();
        if (!reading.eventTime().isBefore(windowStart.plus(spec.window()))) {
          rows.computeIfAbsent(windowStart, w -> new ArrayList<>()).add(window.features(spec));
          windowStart = windowStart.plus(spec.window());
          window = new WindowAggregate();
        }
        window.add(reading.eventTime().toEpochMilli(), reading.channels());
      }
    }
  }

  /** Every feature row whose window starts in [from, to). */
  List<Map<String, Double>> rows(Instant from, Instant to) {
    List<Map<String, Double>> out = new ArrayList<>();
    rows.subMap(from, to).values().forEach(out::addAll);
    return out;
  }

  /**
   * The reference profile a model trained on [from, to) would ship with, its limits calibrated as
   * training-service does.
   */
  ReferenceProfile profile(Instant from, Instant to) {
    List<String> names = spec.featureNames();
    List<double[]> vectors = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    rows.subMap(from, to)
        .forEach(
            (start, windowRows) ->
                windowRows.forEach(
                    row -> {
                      vectors.add(
                          names.stream()
                              .mapToDouble(n -> row.getOrDefault(n, Double.NaN))
                              .toArray());
                      times.add(start.toEpochMilli());
                    }));
    return ReferenceProfile.calibrated(
        spec.version(),
        names,
        vectors,
        times.stream().mapToLong(Long::longValue).toArray(),
        DriftCalibration.defaults(DriftMonitoring.defaults(spec)));
  }
}
