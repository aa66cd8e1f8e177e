package io.pumpops.loop;

import io.pumpops.simulator.PumpSource;
import io.pumpops.simulator.SimulatedReading;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A simulated pump whose readings are also kept in {@code published}, so a test can recompute what
 * should have come out of them.
 */
record RecordedPump(PumpSource pump, List<SimulatedReading> published) implements PumpSource {

  @Override
  public String pumpId() {
    return pump.pumpId();
  }

  @Override
  public Optional<Instant> nextTime() {
    return pump.nextTime();
  }

  @Override
  public SimulatedReading next() {
    SimulatedReading reading = pump.next();
    published.add(reading);
    return reading;
  }
}
