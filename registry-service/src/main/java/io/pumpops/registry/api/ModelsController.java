package io.pumpops.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pumpops.auth.Caller;
import io.pumpops.auth.RequiresRole;
import io.pumpops.auth.Role;
import io.pumpops.auth.WriteAuthorizationFilter;
import io.pumpops.registry.ModelRegistry;
import io.pumpops.registry.RegistryException;
import io.pumpops.registry.api.Views.AliasRequest;
import io.pumpops.registry.api.Views.AliasView;
import io.pumpops.registry.api.Views.ArchiveRequest;
import io.pumpops.registry.api.Views.CreateModelRequest;
import io.pumpops.registry.api.Views.ModelView;
import io.pumpops.registry.api.Views.RegisterVersionRequest;
import io.pumpops.registry.api.Views.VersionView;
import io.pumpops.registry.state.RegisteredModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * Models, versions and aliases. Reads are open; writes need a bearer token with a role ({@link
 * WriteAuthorizationFilter}): services register versions and promote on a passed gate, operators
 * promote, roll back and archive.
 */
@Controller("/models")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "models")
final class ModelsController {

  private final ModelRegistry registry;

  ModelsController(ModelRegistry registry) {
    this.registry = registry;
  }

  @Get
  @Operation(summary = "List models")
  List<ModelView> list() {
    return registry.models().stream().map(ModelView::of).toList();
  }

  @Post
  @RequiresRole({Role.SERVICE, Role.OPERATOR})
  @Operation(summary = "Create a model", security = @SecurityRequirement(name = "bearer"))
  HttpResponse<ModelView> create(
      @Body CreateModelRequest request,
      @RequestAttribute(WriteAuthorizationFilter.CALLER) Caller caller) {
    if (request.name() == null) {
      throw new RegistryException(RegistryException.Kind.INVALID, "name is required");
    }
    RegisteredModel model =
        registry.createModel(
            request.name(), request.description(), caller.actor(), request.reason());
    return HttpResponse.created(ModelView.of(model), URI.create("/models/" + model.name()));
  }

  @Get("/{name}")
  @Operation(summary = "Get a model with its aliases")
  ModelView get(String name) {
    return ModelView.of(registry.requireModel(name));
  }

  @Get("/{name}/versions")
  @Operation(summary = "List a model's versions, oldest first")
  List<VersionView> versions(String name) {
    RegisteredModel model = registry.requireModel(name);
    return model.versions().values().stream().map(v -> VersionView.of(model, v)).toList();
  }

  @Post("/{name}/versions")
  @RequiresRole(Role.SERVICE)
  @Operation(
      summary =
          "Register a version (upload its artifact first); the same run's artifact twice gives the existing version",
      security = @SecurityRequirement(name = "bearer"))
  HttpResponse<VersionView> register(
      String name,
      @Body RegisterVersionRequest request,
      @RequestAttribute(WriteAuthorizationFilter.CALLER) Caller caller) {
    if (request.lineage() == null) {
      throw new RegistryException(RegistryException.Kind.INVALID, "lineage is required");
    }
    ModelRegistry.Registration registration =
        registry.registerVersion(
            name,
            new ModelRegistry.NewVersion(
                request.artifactSha256(),
                request.profileSha256(),
                request.metrics(),
                request.lineage().toAvro(),
                request.description()),
            caller.actor(),
            request.reason());
    VersionView view = VersionView.of(registry.requireModel(name), registration.version());
    return registration.created()
        ? HttpResponse.created(view, URI.create("/models/" + name + "/versions/" + view.version()))
        : HttpResponse.ok(view);
  }

  @Get("/{name}/versions/{version}")
  @Operation(summary = "Get a version with its lineage")
  VersionView version(String name, int version) {
    return VersionView.of(registry.requireModel(name), registry.requireVersion(name, version));
  }

  @Post("/{name}/versions/{version}/archive")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary = "Archive a version (no alias may point to it)",
      security = @SecurityRequirement(name = "bearer"))
  VersionView archive(
      String name,
      int version,
      @Nullable @Body ArchiveRequest request,
      @RequestAttribute(WriteAuthorizationFilter.CALLER) Caller caller) {
    registry.archive(name, version, caller.actor(), request == null ? null : request.reason());
    return VersionView.of(registry.requireModel(name), registry.requireVersion(name, version));
  }

  @Get("/{name}/aliases/{alias}")
  @Operation(summary = "The version an alias points to")
  VersionView alias(String name, String alias) {
    RegisteredModel model = registry.requireModel(name);
    return model
        .aliased(alias)
        .map(v -> VersionView.of(model, v))
        .orElseThrow(
            () ->
                new RegistryException(
                    RegistryException.Kind.NOT_FOUND,
                    "model '" + name + "' has no alias '" + alias + "'"));
  }

  @Put("/{name}/aliases/{alias}")
  @RequiresRole({Role.OPERATOR, Role.SERVICE})
  @Operation(
      summary = "Point an alias at a version: promotion, or rollback to an older one",
      security = @SecurityRequirement(name = "bearer"))
  AliasView setAlias(
      String name,
      String alias,
      @Body AliasRequest request,
      @RequestAttribute(WriteAuthorizationFilter.CALLER) Caller caller) {
    Integer previous =
        registry
            .setAlias(name, alias, request.version(), caller.actor(), request.reason())
            .orElse(null);
    return new AliasView(name, alias, request.version(), previous);
  }

  @Delete("/{name}/aliases/{alias}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Remove an alias", security = @SecurityRequirement(name = "bearer"))
  HttpResponse<Void> removeAlias(
      String name,
      String alias,
      @Nullable String reason,
      @RequestAttribute(WriteAuthorizationFilter.CALLER) Caller caller) {
    registry.removeAlias(name, alias, caller.actor(), reason);
    return HttpResponse.noContent();
  }
}
