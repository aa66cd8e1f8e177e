package io.pumpops.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.avro.TrainingTrigger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopEventsTest {

  @Test
  void aRunsAdmissionReadsAsQueuedAndItsStartAsStarted() {
    assertThat(line(StepStatus.STARTED, Map.of("phase", "queued", "from", "x")))
        .isEqualTo("run-1 run QUEUED (DRIFT_DETECTED)");
    assertThat(line(StepStatus.STARTED, Map.of("from", "x")))
        .isEqualTo("run-1 run STARTED (DRIFT_DETECTED)");
    assertThat(line(StepStatus.SUCCEEDED, Map.of("phase", "queued")))
        .isEqualTo("run-1 run SUCCEEDED (DRIFT_DETECTED)");
  }

  private static String line(StepStatus status, Map<String, String> parameters) {
    TrainingRun run =
        TrainingRun.newBuilder()
            .setEventId("run-1/run/" + status)
            .setEventTime(Instant.parse("2026-12-02T00:00:00Z"))
            .setRunId("run-1")
            .setModelName("pump-anomaly")
            .setTrigger(TrainingTrigger.DRIFT_DETECTED)
            .setStep("run")
            .setStatus(status)
            .setParameters(parameters)
            .setDurationMillis(0)
            .build();
    return LoopEvents.describe(run).orElseThrow().summary();
  }
}
