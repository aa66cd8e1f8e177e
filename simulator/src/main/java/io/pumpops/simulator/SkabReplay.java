package io.pumpops.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pump that replays SKAB recordings back to back, with their timestamps shifted to start at
 * {@code start}, optionally sped up: a recording of 20 minutes at speed-up 10 plays in 2 minutes.
 * Each next recording starts one second (of recording time) after the previous one ended.
 */
public final class SkabReplay implements PumpSource {

  /** A stretch of rows labelled anomalous, as ground truth: when, and from which file. */
  public record AnomalyWindow(Instant from, Instant to, String source) {}

  private final List<SkabRecording> recordings;
  private final List<SkabRecording.Row> rows = new ArrayList<>();
  private final List<Duration> offsets = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final String siteId;
  private final String pumpId;
  private final Instant start;
  private final double speedup;
  private int index;

  public SkabReplay(
      SkabRecording recording, String siteId, String pumpId, Instant start, double speedup) {
    this(List.of(recording), siteId, pumpId, start, speedup);
  }

  /**
   * One recording replayed over and over at 1 Hz for at least {@code span}: a pump of SKAB's rig
   * with a labelled fault in every pass, as the demo and {@code bench alarms --skab} run it.
   */
  public static SkabReplay looping(
      SkabRecording recording, String siteId, String pumpId, Instant start, Duration span) {
    Duration pass = recording.rows().get(recording.rows().size() - 1).offset().plusSeconds(1);
    int passes = (int) (span.toSeconds() / Math.max(1, pass.toSeconds())) + 1;
    return new SkabReplay(
        java.util.Collections.nCopies(passes, recording), siteId, pumpId, start, 1);
  }

  public SkabReplay(
      List<SkabRecording> recordings, String siteId, String pumpId, Instant start, double speedup) {
    if (!(speedup > 0)) {
      throw new IllegalArgumentException("speed-up must be positive, was " + speedup);
    }
    if (recordings.isEmpty()) {
      throw new IllegalArgumentException("nothing to replay for pump " + pumpId);
    }
    this.recordings = List.copyOf(recordings);
    this.siteId = siteId;
    this.pumpId = pumpId;
    this.start = start;
    this.speedup = speedup;
    Duration base = Duration.ZERO;
    for (SkabRecording recording : this.recordings) {
      for (SkabRecording.Row row : recording.rows()) {
        rows.add(row);
        offsets.add(base.plus(row.offset()));
        sources.add(recording.name());
      }
      base = offsets.get(offsets.size() - 1).plusSeconds(1);
    }
  }

  @Override
  public String pumpId() {
    return pumpId;
  }

  /** The first (or only) recording. */
  public SkabRecording recording() {
    return recordings.get(0);
  }

  /** Event time of a row of the replay (rows counted across the recordings). */
  public Instant timeOf(int row) {
    return start.plusNanos((long) (offsets.get(row).toNanos() / speedup));
  }

  /** The labelled anomalous stretches, in event time of this replay: the ground truth to log. */
  public List<AnomalyWindow> anomalyWindows() {
    List<AnomalyWindow> windows = new ArrayList<>();
    int startRow = -1;
    for (int i = 0; i < rows.size(); i++) {
      boolean anomalous = rows.get(i).anomaly();
      boolean continues =
          startRow >= 0 && anomalous && sources.get(i).equals(sources.get(startRow));
      if (startRow >= 0 && !continues) {
        windows.add(new AnomalyWindow(timeOf(startRow), timeOf(i - 1), sources.get(startRow)));
        startRow = -1;
      }
      if (anomalous && startRow < 0) {
        startRow = i;
      }
    }
    if (startRow >= 0) {
      windows.add(
          new AnomalyWindow(timeOf(startRow), timeOf(rows.size() - 1), sources.get(startRow)));
    }
    return windows;
  }

  /** Writes {@link #anomalyWindows()} to a ground-truth log as ANOMALY_WINDOW events. */
  public void recordGroundTruth(GroundTruthLog log) {
    for (AnomalyWindow window : anomalyWindows()) {
      log.record(
          window.from(),
          siteId,
          pumpId,
          "ANOMALY_WINDOW",
          Map.of("end", window.to().toString(), "source", window.source()));
    }
  }

  @Override
  public Optional<Instant> nextTime() {
    return index < rows.size() ? Optional.of(timeOf(index)) : Optional.empty();
  }

  @Override
  public SimulatedReading next() {
    SimulatedReading reading =
        new SimulatedReading(siteId, pumpId, timeOf(index), index, rows.get(index).channels());
    index++;
    return reading;
  }
}
