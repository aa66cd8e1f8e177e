package io.pumpops.training.run;

import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.schemas.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A request to train one model on the telemetry of a time span.
 *
 * @param runId deterministic for event triggers (the same event always names the same run), so a
 *     run resumed after a crash registers as the same run
 * @param triggerEventId the triggering event's id; null for schedule and manual requests
 * @param from start of the data (inclusive, event time)
 * @param to end of the data (exclusive), or null for "up to the newest committed reading"
 * @param coalesced ids of further trigger events this run also answers
 */
public record RunRequest(
    String runId,
    String modelName,
    TrainingTrigger trigger,
    String triggerEventId,
    Instant from,
    Instant to,
    List<String> coalesced) {

  public RunRequest {
    coalesced = List.copyOf(coalesced);
  }

  /** A request caused by an event; its run id derives from the event id. */
  public static RunRequest forEvent(
      String modelName, TrainingTrigger trigger, String eventId, Instant from, Instant to) {
    String runId =
        "run-"
            + Sha256.hex((modelName + "/" + eventId).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    return new RunRequest(runId, modelName, trigger, eventId, from, to, List.of());
  }

  /** A request from the schedule or a person; a fresh run id. */
  public static RunRequest adHoc(
      String modelName, TrainingTrigger trigger, Instant from, Instant to) {
    return new RunRequest(newRunId(), modelName, trigger, null, from, to, List.of());
  }

  /** This request answering one more event too. */
  /** A fresh id for a run that no event caused. */
  public static String newRunId() {
    return "run-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public RunRequest coalesce(String eventId) {
    List<String> all = new ArrayList<>(coalesced);
    if (eventId != null) {
      all.add(eventId);
    }
    return new RunRequest(runId, modelName, trigger, triggerEventId, from, to, all);
  }
}
