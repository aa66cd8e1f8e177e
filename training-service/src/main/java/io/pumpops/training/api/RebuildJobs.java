package io.pumpops.training.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lineage rebuilds this process was asked for, by run id: the latest {@code kept} of them, and
 * at most one queued or running per model version. Asking again for a version whose rebuild has not
 * finished answers with that rebuild, so that an impatient operator (or a retried request) cannot
 * queue the same minutes-long replay over and over in front of the training runs.
 *
 * @param <T> what a finished rebuild reports
 */
final class RebuildJobs<T> {

  /** A rebuild's run id, and whether it was queued before this request. */
  record Submitted(String runId, boolean alreadyQueued) {}

  private final Supplier<String> newRunId;
  private final Map<String, CompletableFuture<T>> byRunId;
  private final Map<String, String> unfinishedByVersion = new HashMap<>();

  RebuildJobs(int kept, Supplier<String> newRunId) {
    this.newRunId = newRunId;
    this.byRunId =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<T>> eldest) {
            return size() > kept;
          }
        };
  }

  /**
   * @param start queues the rebuild under the run id it is given
   */
  synchronized Submitted submit(
      String model, int version, Function<String, CompletableFuture<T>> start) {
    String key = model + ":" + version;
    String unfinished = unfinishedByVersion.get(key);
    if (unfinished != null) {
      return new Submitted(unfinished, true);
    }
    String runId = newRunId.get();
    CompletableFuture<T> job = start.apply(runId);
    byRunId.put(runId, job);
    unfinishedByVersion.put(key, runId);
    job.whenComplete((report, failure) -> finished(key, runId));
    return new Submitted(runId, false);
  }

  synchronized Optional<CompletableFuture<T>> get(String runId) {
    return Optional.ofNullable(byRunId.get(runId));
  }

  private synchronized void finished(String key, String runId) {
    unfinishedByVersion.remove(key, runId);
  }
}
