package io.pumpops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pumpops.schemas.PumpChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real SKAB recordings in ../shared/data/skab; skipped where they are absent. */
class SkabRecordingTest {

  static Path skabFolder() {
    Path data =
        Path.of(System.getProperty("pumpops.shared.data", "../../shared/data")).resolve("skab");
    assumeTrue(
        Files.isDirectory(data),
        "SKAB data not found at "
            + data.toAbsolutePath()
            + " (it lives in ../shared/data beside the repository; tests that need it are skipped without it)");
    return data;
  }

  @Test
  void mapsEverySkabColumnToAChannelAndKeepsTheLabels() {
    SkabRecording recording = SkabRecording.load(skabFolder().resolve("valve1/0.csv"));

    assertThat(recording.name()).isEqualTo("valve1/0.csv");
    assertThat(recording.rows()).hasSizeGreaterThan(1000);
    SkabRecording.Row first = recording.rows().get(0);
    assertThat(first.offset()).isEqualTo(Duration.ZERO);
    assertThat(first.channels()).containsOnlyKeys(PumpChannels.UNITS.keySet());
    assertThat(first.channels().get(PumpChannels.VOLTAGE)).isEqualTo(233.062);
    assertThat(first.channels().get(PumpChannels.FLOW_RATE)).isEqualTo(32.0);
    // SKAB's README: the first >= 560 rows of every experiment are normal, and one anomaly follows.
    assertThat(recording.rows().subList(0, 560)).noneMatch(SkabRecording.Row::anomaly);
    assertThat(recording.rows()).anyMatch(SkabRecording.Row::anomaly);
  }

  @Test
  void loadsEveryFileOfTheFolderInAStableOrder() {
    List<SkabRecording> all = SkabRecording.loadAll(skabFolder());

    assertThat(all).hasSize(21);
    assertThat(all.stream().mapToInt(r -> r.rows().size()).sum()).isEqualTo(31_877);
    assertThat(all.get(0).name()).isEqualTo("anomaly-free/anomaly-free.csv");
  }

  @Test
  void replayShiftsTimestampsToTheStartAndSpeedsUp() {
    SkabRecording recording = SkabRecording.load(skabFolder().resolve("valve1/0.csv"));
    Instant start = Instant.parse("2026-03-09T10:00:00Z");
    SkabReplay replay = new SkabReplay(recording, "skab", "skab-valve1-0", start, 10);

    SimulatedReading first = replay.next();

    assertThat(first.eventTime()).isEqualTo(start);
    assertThat(first.mqttTopic()).isEqualTo("pumps/skab/skab-valve1-0/telemetry");
    Duration recorded = recording.rows().get(recording.rows().size() - 1).offset();
    assertThat(replay.timeOf(recording.rows().size() - 1))
        .isEqualTo(start.plusNanos(recorded.toNanos() / 10));
  }

  @Test
  void recordingsPlayBackToBackAndTheirAnomaliesAreGroundTruth() {
    SkabRecording first = SkabRecording.load(skabFolder().resolve("valve1/0.csv"));
    SkabRecording second = SkabRecording.load(skabFolder().resolve("valve1/1.csv"));
    Instant start = Instant.parse("2026-03-09T10:00:00Z");
    SkabReplay replay = new SkabReplay(List.of(first, second), "skab", "skab-1", start, 1);

    Instant firstEnds = replay.timeOf(first.rows().size() - 1);
    assertThat(replay.timeOf(first.rows().size())).isEqualTo(firstEnds.plusSeconds(1));
    assertThat(replay.anomalyWindows())
        .hasSize(2)
        .satisfiesExactly(
            w -> {
              assertThat(w.source()).isEqualTo("valve1/0.csv");
              assertThat(w.to()).isBefore(firstEnds);
            },
            w -> {
              assertThat(w.source()).isEqualTo("valve1/1.csv");
              assertThat(w.from()).isAfter(firstEnds);
            });
    long rows = 0;
    while (replay.nextTime().isPresent()) {
      assertThat(replay.next().seq()).isEqualTo(rows++);
    }
    assertThat(rows).isEqualTo(first.rows().size() + second.rows().size());
  }

  @Test
  void aLoopingReplayCoversItsSpanWithAFaultInEveryPass() {
    SkabRecording recording = SkabRecording.load(skabFolder().resolve("valve1/0.csv"));
    Instant start = Instant.parse("2026-03-09T10:00:00Z");

    SkabReplay replay =
        SkabReplay.looping(recording, "skab", "skab-1", start, java.time.Duration.ofHours(2));

    int rows = recording.rows().size();
    // A pass of about 20 minutes: seven cover two hours.
    assertThat(replay.timeOf(7 * rows - 1)).isAfter(start.plus(java.time.Duration.ofHours(2)));
    assertThat(replay.anomalyWindows())
        .hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(w -> assertThat(w.source()).isEqualTo("valve1/0.csv"));
  }
}
