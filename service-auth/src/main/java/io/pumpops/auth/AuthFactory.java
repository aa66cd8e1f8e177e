package io.pumpops.auth;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Builds the accepted tokens from configuration, and refuses to run a service that has none. */
@Factory
final class AuthFactory {

  @Singleton
  AccessTokens accessTokens(AuthSettings settings) {
    AccessTokens tokens = AccessTokens.parse(settings.tokens());
    if (tokens.isEmpty()) {
      // No default in the repository: a token everyone can read authenticates no one.
      throw new IllegalStateException(
          "no write tokens are configured: set PUMPOPS_AUTH_TOKENS to"
              + " actor:role[+role]=token entries (roles: operator, service), or run with the development"
              + " profile (MICRONAUT_ENVIRONMENTS=dev), as './pumpops demo' does");
    }
    return tokens;
  }
}
