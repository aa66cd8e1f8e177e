package io.pumpops.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pumpops.registry.ModelRegistry;
import io.pumpops.registry.api.Views.AuditEntryView;
import io.pumpops.registry.api.Views.VerifyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The audit trail and its verification. */
@Controller("/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
final class AuditController {

  private final ModelRegistry registry;

  AuditController(ModelRegistry registry) {
    this.registry = registry;
  }

  @Get
  @Operation(summary = "Audit entries, oldest first, optionally of one model")
  List<AuditEntryView> entries(@Nullable @QueryValue String model) {
    return registry.audit(model).stream().map(AuditEntryView::of).toList();
  }

  @Get("/verify")
  @Operation(
      summary =
          "Re-read mlops.registry-log and recompute the hash chain; names the first broken link")
  VerifyView verify() {
    return VerifyView.of(registry.verify());
  }
}
