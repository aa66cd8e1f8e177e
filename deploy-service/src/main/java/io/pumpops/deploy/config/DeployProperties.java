package io.pumpops.deploy.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.pumpops.deploy.rollout.HealthPolicy;
import io.pumpops.deploy.rollout.RingPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code pumpops.deploy.*}: see application.yml for each key's meaning and default. */
@ConfigurationProperties("pumpops.deploy")
public record DeployProperties(
    String groupId,
    List<String> models,
    String registryUrl,
    Path stateDirectory,
    String publicUrl,
    @Nullable String signingPrivateKey,
    List<String> targets,
    String defaultTarget,
    String scoreOutput,
    double threshold,
    List<String> canaryGateways,
    int canaryCount,
    int secondRingPercent,
    Duration bakeTime,
    double maxErrorRate,
    double maxLatencyFactor,
    double maxAnomalyRate,
    long minScoredForRate,
    Duration gatewayStaleAfter,
    Duration tickEvery) {

  public RingPlan ringPlan() {
    return new RingPlan(
        canaryGateways == null ? List.of() : canaryGateways, canaryCount, secondRingPercent);
  }

  public HealthPolicy healthPolicy() {
    return new HealthPolicy(
        bakeTime, maxErrorRate, maxLatencyFactor, maxAnomalyRate, minScoredForRate);
  }
}
