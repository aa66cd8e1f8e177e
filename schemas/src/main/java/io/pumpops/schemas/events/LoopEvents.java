package io.pumpops.schemas.events;

import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftedFeature;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events of the closed loop (data arrived, drift detected, training steps, models registered
 * and promoted, deployments) and the alarms operators act on, as one line each, for people: the
 * dashboard's event log and the console of {@code pumpops demo} print the same words.
 */
public final class LoopEvents {

  /** The topics whose records are loop events, in the order the loop goes round. */
  public static final List<TopicSpec<?>> TOPICS =
      List.of(
          Topics.DATA_ARRIVED,
          Topics.DRIFT_DETECTED,
          Topics.TRAINING_RUNS,
          Topics.MODEL_REGISTERED,
          Topics.MODEL_PROMOTED,
          Topics.EDGE_DEPLOYMENTS,
          Topics.PUMP_ALARMS);

  /** One loop event: when, what kind (the topic's short name) and what happened. */
  public record Line(Instant time, String kind, String summary) {}

  private LoopEvents() {}

  /**
   * A run's opening record is written twice: when the run is admitted ({@code phase=queued}, so a
   * restart finds it) and when a worker starts it. Operators read the first as queued.
   */
  private static String status(TrainingRun run) {
    return run.getStatus() == StepStatus.STARTED
            && "queued".equals(run.getParameters().get("phase"))
        ? "QUEUED"
        : run.getStatus().toString();
  }

  /** The record as a loop event; empty for records that are not one. */
  public static Optional<Line> describe(SpecificRecord record) {
    if (record instanceof TrainingRun run) {
      return Optional.of(
          new Line(
              run.getEventTime(),
              "training-run",
              run.getRunId()
                  + " "
                  + run.getStep()
                  + " "
                  + status(run)
                  + " ("
                  + run.getTrigger()
                  + ")"
                  + (run.getMessage() == null ? "" : ": " + run.getMessage())));
    }
    if (record instanceof DriftDetected drift) {
      return Optional.of(
          new Line(
              drift.getEventTime(),
              "drift-detected",
              drift.getModelName()
                  + " v"
                  + drift.getModelVersion()
                  + ": "
                  + drift.getFeatures().stream()
                      .map(DriftedFeature::getFeatureName)
                      .collect(Collectors.joining(", "))));
    }
    if (record instanceof DataArrived arrived) {
      return Optional.of(
          new Line(
              arrived.getEventTime(),
              "data-arrived",
              arrived.getRecordCount() + " readings in " + arrived.getDataset()));
    }
    if (record instanceof ModelRegistered registered) {
      return Optional.of(
          new Line(
              registered.getEventTime(),
              "model-registered",
              registered.getModelName()
                  + " v"
                  + registered.getVersion()
                  + " by "
                  + registered.getRegisteredBy()
                  + " (run "
                  + registered.getLineage().getRunId()
                  + ")"));
    }
    if (record instanceof ModelPromoted promoted) {
      return Optional.of(
          new Line(
              promoted.getEventTime(),
              "model-promoted",
              promoted.getModelName()
                  + " v"
                  + promoted.getVersion()
                  + " is "
                  + promoted.getAlias()
                  + (promoted.getPreviousVersion() == null
                      ? ""
                      : " (was v" + promoted.getPreviousVersion() + ")")
                  + " by "
                  + promoted.getActor()
                  + ": "
                  + promoted.getReason()));
    }
    if (record instanceof Deployment deployment) {
      return Optional.of(
          new Line(
              deployment.getEventTime(),
              "deployment",
              deployment.getModelName()
                  + " v"
                  + deployment.getModelVersion()
                  + " on "
                  + deployment.getGatewayId()
                  + " (ring "
                  + deployment.getRing()
                  + "): "
                  + deployment.getStatus()
                  + (deployment.getMessage() == null ? "" : " " + deployment.getMessage())));
    }
    if (record instanceof AlarmEvent alarm) {
      return Optional.of(
          new Line(
              alarm.getEventTime(),
              "alarm",
              alarm.getPumpId()
                  + " "
                  + alarm.getState()
                  + " "
                  + alarm.getSeverity()
                  + " (peak "
                  + String.format(
                      java.util.Locale.ROOT, "%.1f", alarm.getPeakScore() / alarm.getThreshold())
                  + "x threshold"
                  + alarm.getContributors().stream()
                      .findFirst()
                      .map(
                          c ->
                              String.format(
                                  java.util.Locale.ROOT,
                                  ", %s %+.1fσ",
                                  c.getFeature(),
                                  c.getZScore()))
                      .orElse("")
                  + ", "
                  + alarm.getModelName()
                  + " v"
                  + alarm.getModelVersion()
                  + ")"
                  + (alarm.getReason() == null ? "" : ": " + alarm.getReason())));
    }
    return Optional.empty();
  }
}
