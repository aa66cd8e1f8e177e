package io.pumpops.bench.alarms;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SkabRecording;
import io.pumpops.simulator.SkabReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A SKAB rig among a bench fleet, as {@code ./pumpops demo --skab} puts one on each site: one
 * labelled valve experiment replayed in a loop at 1 Hz, a fault in every pass, the faults' spans
 * known (the ground truth a training run is given).
 */
final class SkabPump {

  static final String PUMP_ID = "bench-skab";

  private final SkabReplay replay;
  private final FeatureSpec spec;
  private final List<SkabReplay.AnomalyWindow> faults;

  /**
   * @param choice which labelled recording (in name order, modulo their number): fleets take them
   *     in turn
   */
  SkabPump(Path folder, int choice, Instant start, Duration span, FeatureSpec spec) {
    List<SkabRecording> experiments =
        SkabRecording.loadAll(folder).stream()
            .filter(SkabRecording::labelled)
            .sorted(Comparator.comparing(SkabRecording::name))
            .toList();
    if (experiments.isEmpty()) {
      throw new IllegalArgumentException("no labelled SKAB recording under " + folder);
    }
    SkabRecording recording = experiments.get(Math.floorMod(choice, experiments.size()));
    this.replay = SkabReplay.looping(recording, "bench", PUMP_ID, start, span);
    this.spec = spec;
    this.faults = replay.anomalyWindows();
  }

  String recording() {
    return replay.recording().name();
  }

  /** The replay's complete feature windows. */
  List<PumpWindows.Row> windows() {
    PumpWindows windows = new PumpWindows(spec);
    while (replay.nextTime().isPresent()) {
      SimulatedReading r = replay.next();
      windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
    }
    return windows.completeRows();
  }

  /** The labelled faults, in event time. */
  List<SkabReplay.AnomalyWindow> faults() {
    return faults;
  }

  /** Whether a window starting at {@code startMillis} holds a labelled reading. */
  boolean labelled(long startMillis) {
    long end = startMillis + spec.window().toMillis();
    return faults.stream()
        .anyMatch(f -> startMillis <= f.to().toEpochMilli() && end > f.from().toEpochMilli());
  }
}
