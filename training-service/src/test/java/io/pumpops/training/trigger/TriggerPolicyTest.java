package io.pumpops.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.training.run.RunRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TriggerPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Lineage LATEST =
      Lineage.newBuilder()
          .setDatasetRanges(List.of())
          .setDataFingerprint("f")
          .setFeatureSpecVersion("pump-v1")
          .setTrainingConfig(Map.of())
          .setSeed(42L)
          .setCodeVersion("c")
          .setRunId("r")
          .build();

  private final AtomicLong newRecords = new AtomicLong();
  private final TriggerPolicy policy =
      new TriggerPolicy(
          new TriggerPolicy.Settings(
              List.of("pump-anomaly"),
              Duration.ofHours(6),
              1000,
              Duration.ofHours(1),
              Duration.ofHours(2)),
          Clock.fixed(NOW, ZoneOffset.UTC),
          model -> Optional.of(LATEST),
          lineage -> newRecords.get());

  @Test
  void driftTrainsOnTheNewNormalOnlyFromWhenTheDataHadChanged() {
    DriftDetected event = drift("d3", "pump-anomaly", NOW.minus(Duration.ofHours(2)));
    event.setChangedBy(NOW.minus(Duration.ofMinutes(75)));

    RunRequest run = policy.onDriftDetected(event).orElseThrow();

    assertThat(run.from()).isEqualTo(NOW.minus(Duration.ofMinutes(75)));
    assertThat(run.to())
        .as(
            "a fixed span of the new normal, which the run waits for (45 minutes of it are still to come)")
        .isEqualTo(NOW.plus(Duration.ofMinutes(45)));
  }

  @Test
  void driftTrainsOnAFixedSpanOfEventTimeHoweverFarTheWallClockIsAhead() {
    RunRequest recent =
        policy
            .onDriftDetected(drift("d1", "pump-anomaly", NOW.minus(Duration.ofHours(2))))
            .orElseThrow();
    // A catch-up: the data's event time is two days behind the wall clock when the drift is
    // detected.
    RunRequest old =
        policy
            .onDriftDetected(drift("d2", "pump-anomaly", NOW.minus(Duration.ofDays(2))))
            .orElseThrow();

    assertThat(recent.from()).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(old.from()).isEqualTo(NOW.minus(Duration.ofDays(2)));
    assertThat(old.to()).isEqualTo(NOW.minus(Duration.ofDays(2)).plus(Duration.ofHours(2)));
    assertThat(recent.trigger()).isEqualTo(TrainingTrigger.DRIFT_DETECTED);
    assertThat(recent.triggerEventId()).isEqualTo("d1");
  }

  @Test
  void driftOfAModelThisServiceDoesNotTrainIsIgnored() {
    assertThat(policy.onDriftDetected(drift("d1", "someone-elses-model", NOW))).isEmpty();
  }

  @Test
  void dataArrivedTrainsOnlyOnceEnoughNewDataArrivedAndNotAgainWithinTheInterval() {
    newRecords.set(999);
    assertThat(policy.onDataArrived(arrived("a1"))).isEmpty();

    newRecords.set(1000);
    List<RunRequest> runs = policy.onDataArrived(arrived("a2"));
    List<RunRequest> again = policy.onDataArrived(arrived("a3"));

    assertThat(runs)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.trigger()).isEqualTo(TrainingTrigger.DATA_ARRIVED);
              assertThat(run.from()).isEqualTo(NOW.minus(Duration.ofHours(6)));
              assertThat(run.triggerEventId()).isEqualTo("a2/pump-anomaly");
            });
    assertThat(again).isEmpty();
  }

  @Test
  void theScheduleAndAManualRequestTrainOnTheLookback() {
    assertThat(policy.onSchedule())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.trigger()).isEqualTo(TrainingTrigger.SCHEDULE);
              assertThat(run.from()).isEqualTo(NOW.minus(Duration.ofHours(6)));
            });
    assertThat(policy.manual("pump-anomaly", Duration.ofHours(2)).from())
        .isEqualTo(NOW.minus(Duration.ofHours(2)));
  }

  private static DriftDetected drift(String id, String model, Instant windowStart) {
    return DriftDetected.newBuilder()
        .setEventId(id)
        .setEventTime(NOW)
        .setModelName(model)
        .setModelVersion(1)
        .setFeatures(List.of())
        .setWindowStart(windowStart)
        .setWindowEnd(windowStart.plus(Duration.ofHours(1)))
        .setDataRanges(List.of())
        .setPolicy("test")
        .build();
  }

  private static DataArrived arrived(String id) {
    return DataArrived.newBuilder()
        .setEventId(id)
        .setEventTime(NOW)
        .setDataset("pump.telemetry")
        .setRanges(List.of())
        .setRecordCount(10)
        .build();
  }
}
