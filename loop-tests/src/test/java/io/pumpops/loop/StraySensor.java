package io.pumpops.loop;

import io.pumpops.simulator.PumpSource;
import io.pumpops.simulator.SimulatedReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A sensor of a live site while the fleet under test catches up hours behind (issue 19): it sends
 * when the simulated clock reaches {@code from} and each minute after, but stamps its readings with
 * the wall clock, each {@code ahead} further ahead than the one before.
 */
final class StraySensor implements PumpSource {

  private final String site;
  private final String pumpId;
  private final Duration ahead;
  private Instant next;
  private int left;
  private long seq;

  StraySensor(String site, String pumpId, Instant from, int readings, Duration ahead) {
    this.site = site;
    this.pumpId = pumpId;
    this.next = from;
    this.left = readings;
    this.ahead = ahead;
  }

  @Override
  public String pumpId() {
    return pumpId;
  }

  @Override
  public Optional<Instant> nextTime() {
    return left > 0 ? Optional.of(next) : Optional.empty();
  }

  @Override
  public SimulatedReading next() {
    Instant stamp = Instant.now().plus(ahead.multipliedBy(seq));
    next = next.plus(Duration.ofMinutes(1));
    left--;
    return new SimulatedReading(
        site, pumpId, stamp, seq++, Map.of("pressure", 5.0, "flowRate", 90.0, "current", 40.0));
  }
}
