package io.pumpops.bench.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.avro.TrainingTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepDurationsTest {

  @Test
  void eachEndedStepOfTheRunOnceInTheOrderTheyEnded() {
    List<TrainingRun> records =
        List.of(
            record("run-a", "replay", StepStatus.STARTED, 0),
            record("run-b", "replay", StepStatus.SUCCEEDED, 999),
            record("run-a", "replay", StepStatus.SUCCEEDED, 4_200),
            record("run-a", "train", StepStatus.STARTED, 0),
            record("run-a", "train", StepStatus.FAILED, 1_500),
            // redelivered after a restart: the first ending counts
            record("run-a", "replay", StepStatus.SUCCEEDED, 7_000),
            record("run-a", "export", StepStatus.STARTED, 0));

    assertThat(StepDurations.of("run-a", records))
        .containsExactly(
            java.util.Map.entry("replay", Duration.ofMillis(4_200)),
            java.util.Map.entry("train", Duration.ofMillis(1_500)));
  }

  private static TrainingRun record(String run, String step, StepStatus status, long millis) {
    return TrainingRun.newBuilder()
        .setEventId(run + "/" + step + "/" + status)
        .setEventTime(Instant.parse("2026-12-02T00:00:00Z"))
        .setRunId(run)
        .setModelName("m")
        .setTrigger(TrainingTrigger.MANUAL)
        .setStep(step)
        .setStatus(status)
        .setDurationMillis(millis)
        .build();
  }
}
