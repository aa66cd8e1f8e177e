package io.pumpops.deploy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.pumpops.auth.RequiresRole;
import io.pumpops.auth.Role;
import io.pumpops.deploy.rollout.Rollout;
import io.pumpops.deploy.rollout.RolloutManager;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Rollouts: list and show for anyone; pause, resume, abort and rollback for operators only. */
@Controller("/rollouts")
final class RolloutsController {

  private final RolloutManager manager;

  RolloutsController(RolloutManager manager) {
    this.manager = manager;
  }

  /** Newest first. */
  @Get
  List<Views.RolloutSummary> list() {
    return manager.rollouts().stream()
        .sorted(Comparator.comparing((Rollout r) -> r.startedAt()).reversed())
        .map(Views.RolloutSummary::of)
        .toList();
  }

  @Get("/{id}")
  Views.RolloutView show(String id) {
    return Views.RolloutView.of(
        manager.rollout(id).orElseThrow(() -> new RolloutManager.RolloutNotFoundException(id)));
  }

  @Post("/{id}/pause")
  @RequiresRole(Role.OPERATOR)
  Views.RolloutView pause(String id) {
    return Views.RolloutView.of(manager.pause(id));
  }

  @Post("/{id}/resume")
  @RequiresRole(Role.OPERATOR)
  Views.RolloutView resume(String id) {
    return Views.RolloutView.of(manager.resume(id));
  }

  @Post("/{id}/abort")
  @RequiresRole(Role.OPERATOR)
  Views.RolloutView abort(String id, @Nullable @Body Views.ActionRequest request) {
    return Views.RolloutView.of(manager.abort(id, reason(request)));
  }

  @Post("/{id}/rollback")
  @RequiresRole(Role.OPERATOR)
  Views.RolloutView rollback(String id, @Nullable @Body Views.ActionRequest request) {
    return Views.RolloutView.of(manager.rollback(id, "manual: " + reason(request)));
  }

  private static String reason(Views.ActionRequest request) {
    return request == null || request.reason() == null || request.reason().isBlank()
        ? "by an operator at " + Instant.now()
        : request.reason();
  }

  @Error(exception = RolloutManager.RolloutNotFoundException.class)
  HttpResponse<Views.ErrorView> notFound(RolloutManager.RolloutNotFoundException e) {
    return respond(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @Error(exception = IllegalStateException.class)
  HttpResponse<Views.ErrorView> conflict(IllegalStateException e) {
    return respond(HttpStatus.CONFLICT, e.getMessage());
  }

  static HttpResponse<Views.ErrorView> respond(HttpStatus status, String message) {
    return HttpResponse.<Views.ErrorView>status(status)
        .body(new Views.ErrorView(status.getCode(), status.getReason(), message));
  }
}
