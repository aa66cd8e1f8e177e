package io.pumpops.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * {@code pumpops.auth.*}, the same keys in every service.
 *
 * @param tokens write tokens, {@code actor:role[+role]=token} (env {@code PUMPOPS_AUTH_TOKENS},
 *     comma-separated); none configured and the service refuses to start
 * @param realm the realm named in a 401's {@code WWW-Authenticate}
 */
@ConfigurationProperties("pumpops.auth")
public record AuthSettings(@Nullable List<String> tokens, @Nullable String realm) {

  public AuthSettings {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    realm = realm == null ? "pumpops" : realm;
  }
}
