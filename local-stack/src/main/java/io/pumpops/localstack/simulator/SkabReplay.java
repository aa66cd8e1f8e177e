package io.pumpops.localstack.simulator;

import java.time.Instant;
import java.util.Optional;

/**
 * A pump that replays a SKAB recording with its timestamps shifted to start at {@code start},
 * optionally sped up: a recording of 20 minutes at speed-up 10 plays in 2 minutes.
 */
public final class SkabReplay implements PumpSource {

  private final SkabRecording recording;
  private final String siteId;
  private final String pumpId;
  private final Instant start;
  private final double speedup;
  private int index;

  public SkabReplay(SkabRecording recording, String siteId, String pumpId, Instant start, double speedup) {
    if (!(speedup > 0)) {
      throw new IllegalArgumentException("speed-up must be positive, was " + speedup);
    }
    this.recording = recording;
    this.siteId = siteId;
    this.pumpId = pumpId;
    this.start = start;
    this.speedup = speedup;
  }

  @Override
  public String pumpId() {
    return pumpId;
  }

  public SkabRecording recording() {
    return recording;
  }

  /** Event time of a row of the recording. */
  public Instant timeOf(int row) {
    return start.plusNanos((long) (recording.rows().get(row).offset().toNanos() / speedup));
  }

  @Override
  public Optional<Instant> nextTime() {
    return index < recording.rows().size() ? Optional.of(timeOf(index)) : Optional.empty();
  }

  @Override
  public SimulatedReading next() {
    SkabRecording.Row row = recording.rows().get(index);
    SimulatedReading reading = new SimulatedReading(siteId, pumpId, timeOf(index), index, row.channels());
    index++;
    return reading;
  }
}
