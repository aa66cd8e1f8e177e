package io.pumpops.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code pumpops.registry.*}. Write tokens are {@code pumpops.auth.tokens} (service-auth).
 *
 * @param artifactDirectory where the directory artifact store keeps files
 * @param transactionalId the registry log writer's transactional id; one writer per id, a new
 *     instance fences the old one
 * @param readTimeout how long reading the registry log (on start, on verify) may take
 */
@ConfigurationProperties("pumpops.registry")
public record RegistryProperties(
    Path artifactDirectory, String transactionalId, Duration readTimeout) {}
