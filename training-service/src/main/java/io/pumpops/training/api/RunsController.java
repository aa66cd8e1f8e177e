package io.pumpops.training.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.pumpops.auth.RequiresRole;
import io.pumpops.auth.Role;
import io.pumpops.training.run.LineageRebuild;
import io.pumpops.training.run.RunRequest;
import io.pumpops.training.run.RunResult;
import io.pumpops.training.trigger.TrainingCoordinator;
import io.pumpops.training.trigger.TriggerPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Manual training and lineage rebuilds: what {@code pumpops train} and {@code pumpops retrain
 * --from-lineage} call.
 */
@Controller("/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RunsController {

  /**
   * POST /runs: train a model now, on the last {@code lookback} (ISO-8601, optional) of telemetry.
   */
  @Serdeable
  record TrainRequest(String model, @Nullable String lookback) {}

  /** The run that answers a request, and whether it was queued or folded into a waiting one. */
  @Serdeable
  record Accepted(String runId, String admission) {}

  /** GET /runs/{id}. */
  @Serdeable
  record RunStatus(
      String runId,
      String state,
      @Nullable Boolean succeeded,
      @Nullable Integer version,
      @Nullable Boolean promoted,
      @Nullable String message) {}

  /** POST /runs/rebuild. */
  @Serdeable
  record RebuildRequest(String model, int version) {}

  /** The rebuild's comparison. */
  @Serdeable
  record RebuildReport(
      String model,
      int version,
      String runId,
      String parentRunId,
      long records,
      boolean reproduced,
      boolean dataFingerprintMatches,
      boolean modelSha256Matches,
      String expectedDataFingerprint,
      String actualDataFingerprint,
      String expectedModelSha256,
      String actualModelSha256,
      String codeVersionThen,
      String codeVersionNow) {}

  /** POST /runs/rebuild's answer: the rebuild's run id, to ask GET /runs/rebuild/{runId} with. */
  @Serdeable
  record RebuildAccepted(String runId, String state, boolean alreadyQueued) {}

  /**
   * GET /runs/rebuild/{runId}: {@code queued-or-active}, {@code finished} with the report, or
   * {@code failed} with the reason.
   */
  @Serdeable
  record RebuildStatus(
      String runId, String state, @Nullable String message, @Nullable RebuildReport report) {}

  /** Every 4xx/5xx answer. */
  @Serdeable
  record ErrorView(int status, String error, String message) {}

  /** Longer than the telemetry anyone keeps at hand for one fit; a typo like P365D is refused. */
  private static final Duration MAX_LOOKBACK = Duration.ofDays(30);

  private final TriggerPolicy policy;
  private final TrainingCoordinator coordinator;
  private final LineageRebuild rebuild;

  /** The latest rebuilds this process was asked for, one unfinished per model version. */
  private final RebuildJobs<LineageRebuild.Report> rebuilds =
      new RebuildJobs<>(KEPT_REBUILDS, RunRequest::newRunId);

  private static final int KEPT_REBUILDS = 100;

  RunsController(TriggerPolicy policy, TrainingCoordinator coordinator, LineageRebuild rebuild) {
    this.policy = policy;
    this.coordinator = coordinator;
    this.rebuild = rebuild;
  }

  @Post
  @RequiresRole(Role.OPERATOR)
  HttpResponse<?> train(@Body TrainRequest request) {
    if (request.model() == null || request.model().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "model is required");
    }
    Duration lookback;
    try {
      lookback = request.lookback() == null ? null : Duration.parse(request.lookback());
    } catch (DateTimeParseException e) {
      return error(
          HttpStatus.BAD_REQUEST,
          "lookback '" + request.lookback() + "' is not an ISO-8601 duration such as PT6H");
    }
    if (!policy.trains(request.model())) {
      return error(
          HttpStatus.NOT_FOUND,
          "this training-service does not train '"
              + request.model()
              + "' (pumpops.training.models)");
    }
    if (lookback != null
        && (lookback.isNegative() || lookback.isZero() || lookback.compareTo(MAX_LOOKBACK) > 0)) {
      return error(
          HttpStatus.BAD_REQUEST,
          "lookback " + lookback + " must be positive and at most " + MAX_LOOKBACK);
    }
    TrainingCoordinator.Submitted submitted;
    try {
      submitted = coordinator.submit(policy.manual(request.model(), lookback));
    } catch (TrainingCoordinator.AdmissionNotRecordedException e) {
      return error(
          HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; nothing was queued, try again");
    }
    return HttpResponse.accepted()
        .body(new Accepted(submitted.runId(), submitted.admission().name()));
  }

  @Get("/{runId}")
  HttpResponse<?> status(String runId) {
    RunResult result = coordinator.result(runId).orElse(null);
    if (result != null) {
      return HttpResponse.ok(
          new RunStatus(
              runId,
              "finished",
              result.succeeded(),
              result.version(),
              result.promoted(),
              result.message()));
    }
    if (coordinator.isActive(runId)) {
      return HttpResponse.ok(new RunStatus(runId, "active", null, null, null, null));
    }
    return error(
        HttpStatus.NOT_FOUND,
        "no run " + runId + " in this process; mlops.training-runs has the full history");
  }

  /**
   * Starts a rebuild on the training worker, after the runs queued before it, and answers at once:
   * a rebuild of hours of a large fleet takes minutes (six at 5,000 pumps × 6 h), longer than an
   * HTTP request should stay open.
   */
  @Post("/rebuild")
  @RequiresRole(Role.OPERATOR)
  HttpResponse<?> rebuild(@Body RebuildRequest request) {
    if (request.model() == null || request.model().isBlank() || request.version() < 1) {
      return error(HttpStatus.BAD_REQUEST, "model and a version of 1 or more are required");
    }
    try {
      rebuild.check(request.model(), request.version());
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (Exception e) {
      return error(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "cannot rebuild " + request.model() + ":" + request.version() + ": " + e.getMessage());
    }
    RebuildJobs.Submitted submitted =
        rebuilds.submit(
            request.model(),
            request.version(),
            runId ->
                coordinator.exclusive(
                    () -> rebuild.rebuild(request.model(), request.version(), runId)));
    return HttpResponse.accepted()
        .body(
            new RebuildAccepted(submitted.runId(), "queued-or-active", submitted.alreadyQueued()));
  }

  @Get("/rebuild/{runId}")
  HttpResponse<?> rebuildStatus(String runId) {
    CompletableFuture<LineageRebuild.Report> job = rebuilds.get(runId).orElse(null);
    if (job == null) {
      return error(
          HttpStatus.NOT_FOUND,
          "no rebuild "
              + runId
              + " in this process (it keeps the latest "
              + KEPT_REBUILDS
              + "); mlops.training-runs has the full history");
    }
    if (!job.isDone()) {
      return HttpResponse.ok(new RebuildStatus(runId, "queued-or-active", null, null));
    }
    try {
      LineageRebuild.Report r = job.join();
      return HttpResponse.ok(
          new RebuildStatus(
              runId,
              "finished",
              null,
              new RebuildReport(
                  r.modelName(),
                  r.version(),
                  r.runId(),
                  r.parentRunId(),
                  r.records(),
                  r.reproduced(),
                  r.dataFingerprintMatches(),
                  r.modelSha256Matches(),
                  r.expectedDataFingerprint(),
                  r.actualDataFingerprint(),
                  r.expectedModelSha256(),
                  r.actualModelSha256(),
                  r.codeVersionThen(),
                  r.codeVersionNow())));
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return HttpResponse.ok(new RebuildStatus(runId, "failed", cause.toString(), null));
    }
  }

  private static HttpResponse<ErrorView> error(HttpStatus status, String message) {
    return HttpResponse.<ErrorView>status(status)
        .body(new ErrorView(status.getCode(), status.getReason(), message));
  }
}
