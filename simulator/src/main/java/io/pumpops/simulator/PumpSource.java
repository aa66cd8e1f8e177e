package io.pumpops.simulator;

import java.time.Instant;
import java.util.Optional;

/** A simulated pump: produces its readings in event-time order. */
public interface PumpSource {

  String pumpId();

  /** Event time of the next reading; empty when the source has ended. */
  Optional<Instant> nextTime();

  /** The next reading; only call when {@link #nextTime()} is present. */
  SimulatedReading next();
}
