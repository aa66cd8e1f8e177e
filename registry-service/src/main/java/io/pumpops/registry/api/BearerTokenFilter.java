package io.pumpops.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.pumpops.registry.api.Views.ErrorView;
import io.pumpops.registry.config.RegistryProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Writes (anything but GET, HEAD, OPTIONS) need {@code Authorization: Bearer <token>} with one of
 * the configured tokens; the token's name becomes the actor recorded in the audit trail. Reads are
 * open, as gateways and operators fetch models and lineage without credentials.
 */
@ServerFilter("/**")
final class BearerTokenFilter {

  static final String ACTOR = "pumpops.actor";

  private final Map<String, String> tokensToActors;

  BearerTokenFilter(RegistryProperties properties) {
    this.tokensToActors = properties.tokensToActors();
  }

  @RequestFilter
  @Nullable
  HttpResponse<ErrorView> authenticate(HttpRequest<?> request) {
    HttpMethod method = request.getMethod();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return null;
    }
    String header = request.getHeaders().getAuthorization().orElse(null);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse("writes need an 'Authorization: Bearer <token>' header");
    }
    String actor = actorOf(header.substring(7).trim());
    if (actor == null) {
      return refuse("the bearer token is not one of the registry's tokens");
    }
    request.setAttribute(ACTOR, actor);
    return null;
  }

  private String actorOf(String token) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    String actor = null;
    // Compare against every token in constant time, so timing does not tell how much of a token matched.
    for (Map.Entry<String, String> known : tokensToActors.entrySet()) {
      if (MessageDigest.isEqual(given, known.getKey().getBytes(StandardCharsets.UTF_8))) {
        actor = known.getValue();
      }
    }
    return actor;
  }

  private static HttpResponse<ErrorView> refuse(String message) {
    return HttpResponse.<ErrorView>status(HttpStatus.UNAUTHORIZED)
        .header("WWW-Authenticate", "Bearer realm=\"pumpops-registry\"")
        .body(new ErrorView(401, "Unauthorized", message));
  }
}
