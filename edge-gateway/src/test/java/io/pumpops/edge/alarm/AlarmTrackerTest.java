package io.pumpops.edge.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.schemas.avro.AlarmContributor;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmSeverity;
import io.pumpops.schemas.avro.AlarmState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmTrackerTest {

  private static final long MINUTE = 60_000;
  private static final AlarmTracker.Model V1 =
      new AlarmTracker.Model(
          "pump-anomaly",
          1,
          new AlarmPolicy(3, 5, 5, 3.0),
          features -> List.of(new AlarmContributor("pressure.mean", features[0])));
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private int minute;

  /** Feeds windows with these scores (threshold 1) and returns every alarm change. */
  private List<AlarmEvent> feed(AlarmTracker tracker, AlarmTracker.Model model, double... scores) {
    List<AlarmEvent> changes = new ArrayList<>();
    for (double score : scores) {
      long start = minute++ * MINUTE;
      changes.addAll(
          tracker.onWindow(
              new AlarmTracker.Window(
                  "pump-1", "site-a", start, start + MINUTE, score, 1.0, new double[] {score * 2}),
              model));
    }
    return changes;
  }

  @Test
  void opensExactlyWhereThePolicyCountsAnOpeningForTraining() {
    // Training counts hold-out alarms with AlarmPolicy.openings: the gateway must agree with it.
    AlarmTracker tracker = new AlarmTracker("gw-1", clock, null);
    java.util.Random random = new java.util.Random(3);
    double[] scores = new double[2_000];
    List<Boolean> verdicts = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      // Bursts: anomalous runs of a few windows in a mostly normal stream.
      boolean burst = (i / 7) % 5 == 0;
      scores[i] = random.nextDouble() < (burst ? 0.7 : 0.1) ? 1.5 : 0.5;
      verdicts.add(scores[i] > 1.0);
    }

    List<AlarmEvent> changes = feed(tracker, V1, scores);

    List<Long> opened =
        changes.stream()
            .filter(e -> e.getState() == AlarmState.OPENED)
            .map(e -> e.getLastWindowEnd().toEpochMilli() / MINUTE - 1)
            .toList();
    List<Long> counted = V1.policy().openings(verdicts).stream().map(Integer::longValue).toList();
    assertThat(opened).hasSizeGreaterThan(20).isEqualTo(counted);
  }

  @Test
  void isolatedAnomalousWindowsOpenNoAlarm() {
    AlarmTracker tracker = new AlarmTracker("gw-1", clock, null);

    assertThat(feed(tracker, V1, 0.2, 1.5, 0.3, 0.4, 1.2, 0.1, 0.2, 1.8, 0.3, 0.5, 0.2)).isEmpty();
  }

  @Test
  void threeOfFiveOpenOneAlarmThatEscalatesAndClosesAfterFiveNormalWindows() {
    AlarmTracker tracker = new AlarmTracker("gw-1", clock, null);

    List<AlarmEvent> changes =
        feed(tracker, V1, 0.2, 1.5, 0.3, 1.2, 1.4, 1.3, 0.9, 3.5, 2.0, 0.5, 0.4, 0.3, 0.2, 0.2);
    List<AlarmEvent> quiet = feed(tracker, V1, 0.1);

    assertThat(changes)
        .extracting(AlarmEvent::getState)
        .containsExactly(AlarmState.OPENED, AlarmState.ESCALATED, AlarmState.CLOSED);
    AlarmEvent opened = changes.get(0);
    assertThat(opened.getOpenedAt())
        .as("from the first anomalous window")
        .isEqualTo(Instant.ofEpochMilli(MINUTE));
    assertThat(opened.getAnomalousWindows()).isEqualTo(3);
    assertThat(opened.getSeverity()).isEqualTo(AlarmSeverity.WARNING);
    assertThat(opened.getPeakScore()).isEqualTo(1.5);
    assertThat(opened.getContributors())
        .extracting(AlarmContributor::getZScore)
        .containsExactly(3.0);
    assertThat(opened.getReason()).contains("3 of the last 5");
    AlarmEvent escalated = changes.get(1);
    assertThat(escalated.getSeverity()).isEqualTo(AlarmSeverity.CRITICAL);
    assertThat(escalated.getAlarmId()).isEqualTo(opened.getAlarmId());
    AlarmEvent closed = changes.get(2);
    assertThat(closed.getAlarmId()).isEqualTo(opened.getAlarmId());
    assertThat(closed.getPeakScore()).isEqualTo(3.5);
    assertThat(closed.getAnomalousWindows()).isEqualTo(6);
    assertThat(closed.getClosedAt()).isEqualTo(Instant.ofEpochMilli(14 * MINUTE));
    assertThat(closed.getEventId())
        .isNotEqualTo(opened.getEventId())
        .isNotEqualTo(escalated.getEventId());
    assertThat(quiet).isEmpty();
    assertThat(tracker.open()).isEmpty();
  }

  @Test
  void anOpenAlarmSurvivesARestartAndClosesAfterIt() {
    Path state = dir.resolve("alarms.jsonl");
    AlarmTracker before = new AlarmTracker("gw-1", clock, state);
    AlarmEvent opened = feed(before, V1, 1.5, 1.5, 1.5).get(0);

    AlarmTracker after = new AlarmTracker("gw-1", clock, state);
    List<AlarmEvent> changes = feed(after, V1, 0.1, 0.1, 0.1, 0.1, 0.1);

    assertThat(after.open()).isEmpty();
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getState()).isEqualTo(AlarmState.CLOSED);
              assertThat(c.getAlarmId()).isEqualTo(opened.getAlarmId());
            });
  }

  @Test
  void aNewModelClosesTheOldModelsAlarmAndJudgesAfresh() {
    AlarmTracker tracker = new AlarmTracker("gw-1", clock, null);
    feed(tracker, V1, 1.5, 1.5, 1.5);
    AlarmTracker.Model v2 =
        new AlarmTracker.Model("pump-anomaly", 2, new AlarmPolicy(2, 2, 3, 3.0), f -> List.of());

    List<AlarmEvent> changes = feed(tracker, v2, 0.2);

    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getState()).isEqualTo(AlarmState.CLOSED);
              assertThat(c.getModelVersion()).isEqualTo(1);
              assertThat(c.getReason()).contains("replaced by v2");
            });
    assertThat(feed(tracker, v2, 1.2, 1.3))
        .extracting(AlarmEvent::getState)
        .containsExactly(AlarmState.OPENED);
  }
}
