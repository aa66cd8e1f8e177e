package io.pumpops.training.run;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicScan;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code mlops.training-runs} says happened, read on start: the trigger events already
 * answered (so a redelivered event does not train twice) and the runs that started but never
 * finished, or failed for a retryable reason (so a crash or an outage does not lose them: they are
 * run again under the same id).
 */
public record RunHistory(Set<String> answeredEvents, List<RunRequest> unfinished) {

  private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

  /** The step record that ends a run, whatever the outcome. */
  public static boolean isFinal(TrainingRun record) {
    return record.getStep().equals(TrainingRunner.RUN_STEP)
        && record.getStatus() != StepStatus.STARTED;
  }

  public static RunHistory load(
      String bootstrapServers, SchemaRegistry registry, Duration timeout) {
    Deserializer<TrainingRun> reader =
        AvroSerdes.valueSerde(Topics.TRAINING_RUNS, registry).deserializer();
    Map<String, TrainingRun> started = new LinkedHashMap<>();
    Set<String> answered = new HashSet<>();
    TopicScan.readToEnd(
        bootstrapServers,
        Topics.TRAINING_RUNS.name(),
        timeout,
        record -> {
          TrainingRun run;
          try {
            run = reader.deserialize(record.topic(), record.value());
          } catch (RuntimeException e) {
            LOG.error(
                "{} offset {} is not a TrainingRun; skipped: {}",
                record.topic(),
                record.offset(),
                e.getMessage());
            return;
          }
          if (run.getTriggerEventId() != null) {
            answered.add(run.getTriggerEventId());
          }
          String coalesced = run.getParameters().get("coalescedEventIds");
          if (coalesced != null && !coalesced.isBlank()) {
            answered.addAll(Arrays.asList(coalesced.split(",")));
          }
          if (run.getStep().equals(TrainingRunner.RUN_STEP)
              && run.getStatus() == StepStatus.STARTED) {
            started.put(run.getRunId(), run);
          } else if (isFinal(run)
              && !(run.getStatus() == StepStatus.FAILED
                  && "true".equals(run.getParameters().get("retryable")))) {
            started.remove(run.getRunId());
          }
        });
    List<RunRequest> unfinished = new ArrayList<>();
    for (TrainingRun run : started.values()) {
      if (run.getTrigger() == io.pumpops.schemas.avro.TrainingTrigger.LINEAGE_REBUILD) {
        continue;
      }
      Map<String, String> p = run.getParameters();
      unfinished.add(
          new RunRequest(
              run.getRunId(),
              run.getModelName(),
              run.getTrigger(),
              run.getTriggerEventId(),
              Instant.parse(p.get("from")),
              p.containsKey("to") ? Instant.parse(p.get("to")) : null,
              p.containsKey("coalescedEventIds") && !p.get("coalescedEventIds").isBlank()
                  ? Arrays.asList(p.get("coalescedEventIds").split(","))
                  : List.of()));
    }
    return new RunHistory(answered, unfinished);
  }
}
