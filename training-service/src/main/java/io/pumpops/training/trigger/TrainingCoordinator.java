package io.pumpops.training.trigger;

import io.pumpops.training.run.RunRequest;
import io.pumpops.training.run.RunResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every trigger lands. Runs execute one at a time (training is CPU-bound and the fit is
 * single-threaded for determinism); per model there is at most one run waiting, and a trigger that
 * arrives while one waits is folded into it (coalesced) rather than queueing a duplicate. A trigger
 * event already answered — in this process or, per the training-runs log, before a restart — is
 * dismissed, so a redelivered event never trains twice. A run that failed on something outside its
 * data (the registry or Kafka unreachable) is tried again after a back-off, so an outage does not
 * swallow a drift detection.
 *
 * <p>A run is admitted durably: its opening record is on {@code mlops.training-runs} before {@link
 * #submit} returns, so the trigger's offset is committed only once a restart would resume the run
 * ({@link io.pumpops.training.run.RunHistory}). When that record cannot be written, {@link
 * AdmissionNotRecordedException} says so and nothing about the trigger is remembered: it is to be
 * submitted again.
 *
 * <p>A run whose data has not arrived yet ({@code ready} says no: a drift run asks for a span after
 * the change) stays waiting, checked again every {@code poll}; triggers for its model coalesce into
 * it meanwhile, and runs of other models go ahead.
 */
public final class TrainingCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingCoordinator.class);

  /** What became of a submitted trigger. */
  public enum Admission {
    QUEUED,
    COALESCED,
    ALREADY_ANSWERED
  }

  /** The admission and the run that answers the trigger (null when already answered). */
  public record Submitted(Admission admission, String runId) {}

  /** How often, and how long apart, a run that failed for a retryable reason is tried again. */
  public record Retry(int maxAttempts, Duration backoff) {}

  /** The opening record of a run could not be stored; the trigger must be tried again. */
  public static final class AdmissionNotRecordedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdmissionNotRecordedException(String runId, Throwable cause) {
      super("could not record the admission of run " + runId + ": " + cause, cause);
    }
  }

  private final Function<RunRequest, RunResult> runner;
  private final Consumer<RunRequest> admission;
  private final Predicate<RunRequest> ready;
  private final Duration poll;
  private final Retry retry;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "training-retries");
            thread.setDaemon(true);
            return thread;
          });
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "training-runs");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> answered;
  private final Map<String, RunRequest> waiting = new LinkedHashMap<>();
  private final Map<String, RunResult> results = new ConcurrentHashMap<>();
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  /** A coordinator whose admissions are not recorded (tests of the scheduling alone). */
  public TrainingCoordinator(
      Function<RunRequest, RunResult> runner, Collection<String> answered, Retry retry) {
    this(runner, request -> {}, answered, retry);
  }

  /** A coordinator whose runs never wait for data. */
  public TrainingCoordinator(
      Function<RunRequest, RunResult> runner,
      Consumer<RunRequest> admission,
      Collection<String> answered,
      Retry retry) {
    this(runner, admission, request -> true, Duration.ofSeconds(1), answered, retry);
  }

  /**
   * @param admission stores a run's opening record, durably, or throws
   * @param ready whether a run's data has arrived
   * @param poll how often a run whose data has not arrived is checked again
   * @param answered trigger event ids already answered before this process started
   */
  public TrainingCoordinator(
      Function<RunRequest, RunResult> runner,
      Consumer<RunRequest> admission,
      Predicate<RunRequest> ready,
      Duration poll,
      Collection<String> answered,
      Retry retry) {
    this.runner = runner;
    this.admission = admission;
    this.ready = ready;
    this.poll = poll;
    this.answered = new HashSet<>(answered);
    this.retry = retry;
  }

  public synchronized Submitted submit(RunRequest request) {
    String eventId = request.triggerEventId();
    if (eventId != null && answered.contains(eventId)) {
      LOG.info("trigger {} for {} was already answered; dismissed", eventId, request.modelName());
      return new Submitted(Admission.ALREADY_ANSWERED, null);
    }
    RunRequest pending = waiting.get(request.modelName());
    if (pending == null) {
      try {
        admission.accept(request);
      } catch (RuntimeException e) {
        throw new AdmissionNotRecordedException(request.runId(), e);
      }
    }
    if (eventId != null) {
      answered.add(eventId);
    }
    if (pending != null) {
      RunRequest merged = pending.coalesce(eventId);
      waiting.put(request.modelName(), merged);
      LOG.info(
          "trigger {} ({}) for {} coalesced into waiting run {}",
          eventId,
          request.trigger(),
          request.modelName(),
          pending.runId());
      return new Submitted(Admission.COALESCED, pending.runId());
    }
    waiting.put(request.modelName(), request);
    active.add(request.runId());
    worker.execute(() -> runNext(request.modelName()));
    return new Submitted(Admission.QUEUED, request.runId());
  }

  /**
   * Runs a job on the runs' own worker, after the runs queued before it: a lineage rebuild replays
   * as much as a run does, and two at once would need twice the memory.
   */
  public <T> CompletableFuture<T> exclusive(Callable<T> job) {
    CompletableFuture<T> done = new CompletableFuture<>();
    worker.execute(
        () -> {
          try {
            done.complete(job.call());
          } catch (Exception | Error e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** Re-runs a run that started before a restart and never finished, under its own id. */
  public synchronized void resume(RunRequest unfinished) {
    answered.add(unfinished.triggerEventId());
    answered.addAll(unfinished.coalesced());
    waiting.merge(
        unfinished.modelName(),
        unfinished,
        (already, again) -> already.coalesce(again.triggerEventId()));
    active.add(unfinished.runId());
    worker.execute(() -> runNext(unfinished.modelName()));
  }

  private void runNext(String model) {
    RunRequest request;
    synchronized (this) {
      request = waiting.get(model);
    }
    if (request == null) {
      return;
    }
    boolean arrived;
    try {
      arrived = ready.test(request);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not tell whether the data of run {} has arrived: {}",
          request.runId(),
          e.toString());
      arrived = false;
    }
    if (!arrived) {
      LOG.debug("run {} of {} waits for its data up to {}", request.runId(), model, request.to());
      retries.schedule(
          () -> worker.execute(() -> runNext(model)), poll.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    synchronized (this) {
      // Triggers that coalesced while the data was awaited are answered by this run too.
      request = waiting.remove(model);
    }
    if (request != null) {
      execute(model, request);
    }
  }

  private void execute(String model, RunRequest request) {
    RunResult result;
    try {
      result = runner.apply(request);
    } catch (RuntimeException e) {
      LOG.error("training run {} of {} crashed: {}", request.runId(), model, e.toString(), e);
      result = new RunResult(request.runId(), model, false, null, false, e.toString(), true);
    }
    results.put(request.runId(), result);
    int attempt = attempts.merge(request.runId(), 1, Integer::sum);
    if (!result.succeeded() && result.retryable() && attempt < retry.maxAttempts()) {
      Duration wait = retry.backoff().multipliedBy(attempt);
      LOG.warn(
          "training run {} of {} will be tried again in {} (attempt {} of {}): {}",
          request.runId(),
          model,
          wait,
          attempt + 1,
          retry.maxAttempts(),
          result.message());
      retries.schedule(() -> resume(request), wait.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      active.remove(request.runId());
    }
  }

  /** The result of a run this process finished, if any. */
  public Optional<RunResult> result(String runId) {
    return Optional.ofNullable(results.get(runId));
  }

  /** Whether the run is waiting or running in this process. */
  public boolean isActive(String runId) {
    return active.contains(runId);
  }

  /** Runs waiting or running. */
  public int activeRuns() {
    return active.size();
  }

  @Override
  public void close() throws InterruptedException {
    retries.shutdownNow();
    worker.shutdownNow();
    worker.awaitTermination(30, TimeUnit.SECONDS);
  }
}
