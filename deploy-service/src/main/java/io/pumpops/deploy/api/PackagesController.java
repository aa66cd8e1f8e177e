package io.pumpops.deploy.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pumpops.deploy.packaging.PackageStore;

/**
 * Signed packages by content hash, for gateways to download. Content-addressed and immutable, so
 * caches may keep them forever; the gateway checks the hash and the signature anyway.
 */
@Controller("/packages")
final class PackagesController {

  private final PackageStore store;

  PackagesController(PackageStore store) {
    this.store = store;
  }

  @Get(uri = "/{sha256}", produces = "application/zip")
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<?> get(String sha256) {
    return store
        .get(sha256)
        .<HttpResponse<?>>map(
            bytes ->
                HttpResponse.ok(bytes)
                    .contentType("application/zip")
                    .header("Cache-Control", "public, max-age=31536000, immutable"))
        .orElseGet(
            () ->
                HttpResponse.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(new Views.ErrorView(404, "Not Found", "no package " + sha256)));
  }
}
