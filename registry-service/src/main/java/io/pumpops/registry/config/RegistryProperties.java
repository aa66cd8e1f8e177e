package io.pumpops.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pumpops.registry.*}.
 *
 * @param artifactDirectory where the directory artifact store keeps files
 * @param transactionalId the registry log writer's transactional id; one writer per id, a new
 *     instance fences the old one
 * @param tokens write tokens, each {@code actor=token}; the actor is what the audit trail records
 * @param readTimeout how long reading the registry log (on start, on verify) may take
 */
@ConfigurationProperties("pumpops.registry")
public record RegistryProperties(Path artifactDirectory, String transactionalId, List<String> tokens,
                                 Duration readTimeout) {

  /** Token to actor; refuses a malformed entry or an empty token, which would let anyone write. */
  public Map<String, String> tokensToActors() {
    Map<String, String> byToken = new HashMap<>();
    for (String entry : tokens) {
      int split = entry.indexOf('=');
      if (split <= 0 || split == entry.length() - 1) {
        throw new IllegalArgumentException("pumpops.registry.tokens entry is not actor=token (value hidden)");
      }
      byToken.put(entry.substring(split + 1).trim(), entry.substring(0, split).trim());
    }
    return byToken;
  }
}
