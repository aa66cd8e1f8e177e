package io.pumpops.registry.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.pumpops.registry.RegistryException;
import io.pumpops.registry.api.Views.ErrorView;
import io.pumpops.registry.artifacts.HashMismatchException;
import io.pumpops.registry.log.RegistryLogUnavailableException;
import org.apache.avro.AvroRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the registry's refusals into 4xx answers with a JSON body, and an unavailable log into 503.
 */
@Controller
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  @Error(global = true, exception = RegistryException.class)
  HttpResponse<ErrorView> refused(HttpRequest<?> request, RegistryException e) {
    HttpStatus status =
        switch (e.kind()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case INVALID -> HttpStatus.BAD_REQUEST;
        };
    return respond(status, e.getMessage());
  }

  @Error(global = true, exception = HashMismatchException.class)
  HttpResponse<ErrorView> hashMismatch(HttpRequest<?> request, HashMismatchException e) {
    return respond(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
  }

  @Error(global = true, exception = IllegalArgumentException.class)
  HttpResponse<ErrorView> badArgument(HttpRequest<?> request, IllegalArgumentException e) {
    return respond(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @Error(global = true, exception = AvroRuntimeException.class)
  HttpResponse<ErrorView> incompleteRecord(HttpRequest<?> request, AvroRuntimeException e) {
    return respond(HttpStatus.BAD_REQUEST, "incomplete request: " + e.getMessage());
  }

  @Error(global = true, exception = RegistryLogUnavailableException.class)
  HttpResponse<ErrorView> logUnavailable(
      HttpRequest<?> request, RegistryLogUnavailableException e) {
    LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), e.getMessage());
    return respond(
        HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; nothing was changed, try again");
  }

  private static HttpResponse<ErrorView> respond(HttpStatus status, String message) {
    return HttpResponse.<ErrorView>status(status)
        .body(new ErrorView(status.getCode(), status.getReason(), message));
  }
}
