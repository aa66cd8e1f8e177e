package io.pumpops.registry.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pumpops.auth.RequiresRole;
import io.pumpops.auth.Role;
import io.pumpops.registry.RegistryException;
import io.pumpops.registry.api.Views.ArtifactView;
import io.pumpops.registry.artifacts.ArtifactStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Content-addressed artifacts: uploaded under their SHA-256 (checked), downloaded by it. This is
 * the one synchronous call between services: gateways and training fetch models here by hash.
 */
@Controller("/artifacts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "artifacts")
final class ArtifactsController {

  private final ArtifactStore store;

  ArtifactsController(ArtifactStore store) {
    this.store = store;
  }

  @RequiresRole(Role.SERVICE)
  @Put(uri = "/{sha256}", consumes = MediaType.APPLICATION_OCTET_STREAM)
  @Operation(
      summary =
          "Upload an artifact under its SHA-256; refused (422) when the bytes hash to something else",
      security = @SecurityRequirement(name = "bearer"))
  HttpResponse<ArtifactView> upload(String sha256, @Body byte[] bytes) throws IOException {
    boolean created = store.put(sha256, new ByteArrayInputStream(bytes));
    ArtifactView view = new ArtifactView(sha256, bytes.length, created);
    return created
        ? HttpResponse.created(view, URI.create("/artifacts/" + sha256))
        : HttpResponse.ok(view);
  }

  @Get(uri = "/{sha256}", produces = MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Download an artifact by its SHA-256")
  HttpResponse<StreamedFile> download(String sha256) throws IOException {
    InputStream in =
        store
            .open(sha256)
            .orElseThrow(
                () ->
                    new RegistryException(
                        RegistryException.Kind.NOT_FOUND, "no artifact " + sha256));
    return HttpResponse.ok(new StreamedFile(in, MediaType.APPLICATION_OCTET_STREAM_TYPE))
        .header("ETag", "\"" + sha256 + "\"");
  }
}
