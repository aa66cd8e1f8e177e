package io.pumpops.bench.training;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each step of one training run took, from its records on mlops.training-runs: the
 * duration on the record that ended the step (SUCCEEDED, FAILED or SKIPPED), in the order the steps
 * ended. A redelivered record does not count twice.
 */
public final class StepDurations {

  private StepDurations() {}

  /**
   * @param records every record of the topic (other runs' too)
   * @return step name → duration, for the steps of {@code runId} that ended
   */
  public static Map<String, Duration> of(String runId, List<TrainingRun> records) {
    Map<String, Duration> durations = new LinkedHashMap<>();
    for (TrainingRun record : records) {
      if (record.getRunId().toString().equals(runId) && record.getStatus() != StepStatus.STARTED) {
        durations.putIfAbsent(
            record.getStep().toString(), Duration.ofMillis(record.getDurationMillis()));
      }
    }
    return durations;
  }
}
