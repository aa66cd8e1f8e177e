package io.pumpops.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every write (any method but GET, HEAD and OPTIONS) of a PumpOps service needs {@code
 * Authorization: Bearer <token>} with a token of {@link AccessTokens} (else 401) whose roles
 * include one that the endpoint's {@link RequiresRole} names (else 403). A write endpoint that
 * names no role is refused to everyone. Reads stay open: gateways and dashboards read without
 * credentials, and nothing secret is served. The caller is left in the request attribute {@link
 * #CALLER} for the audit trail.
 */
@ServerFilter("/**")
public final class WriteAuthorizationFilter {

  /** Request attribute holding the authenticated {@link Caller}. */
  public static final String CALLER = "pumpops.caller";

  private final AccessTokens tokens;
  private final String realm;

  WriteAuthorizationFilter(AccessTokens tokens, AuthSettings settings) {
    this.tokens = tokens;
    this.realm = settings.realm();
  }

  @RequestFilter
  @Nullable
  MutableHttpResponse<Map<String, Object>> authorize(HttpRequest<?> request) {
    HttpMethod method = request.getMethod();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return null;
    }
    String header = request.getHeaders().getAuthorization().orElse(null);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse(
          HttpStatus.UNAUTHORIZED, "writes need an 'Authorization: Bearer <token>' header");
    }
    Optional<Caller> caller = tokens.caller(header.substring(7).trim());
    if (caller.isEmpty()) {
      return refuse(
          HttpStatus.UNAUTHORIZED, "the bearer token is not one of this service's tokens");
    }
    Optional<RouteMatch> route = RouteAttributes.getRouteMatch(request).map(r -> (RouteMatch) r);
    if (route.isPresent()) {
      Role[] allowed =
          route.get().getAnnotationMetadata().enumValues(RequiresRole.class, Role.class);
      if (allowed.length == 0) {
        return refuse(
            HttpStatus.FORBIDDEN, method + " " + request.getPath() + " is open to no role");
      }
      if (!caller.get().holdsAnyOf(allowed)) {
        return refuse(
            HttpStatus.FORBIDDEN,
            caller.get().actor()
                + " may not "
                + method
                + " "
                + request.getPath()
                + ": it needs the role "
                + String.join(
                    " or ", Arrays.stream(allowed).map(r -> r.name().toLowerCase()).toList()));
      }
    }
    request.setAttribute(CALLER, caller.get());
    return null;
  }

  private MutableHttpResponse<Map<String, Object>> refuse(HttpStatus status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.getCode());
    body.put("error", status.getReason());
    body.put("message", message);
    MutableHttpResponse<Map<String, Object>> response =
        HttpResponse.<Map<String, Object>>status(status).body(body);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.header("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
    }
    return response;
  }
}
