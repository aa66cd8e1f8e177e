package io.pumpops.deploy.rollout;

import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether one gateway runs a rollout's package well enough to go on: the rollout's failure criteria
 * in one place.
 *
 * <ul>
 *   <li>the gateway refused or could not load the package (verification, load or smoke-check
 *       failure);
 *   <li>its scoring error rate is above {@code maxErrorRate};
 *   <li>its p99 inference latency is more than {@code maxLatencyFactor} times the previous model's
 *       (and more than one millisecond slower: sub-millisecond noise is not a regression). The
 *       median of the heartbeats' p99s over the whole bake is judged when the bake is over (given
 *       three at least), and not the first heartbeat's: it covers the swap and the new session's
 *       cold first inferences, and one garbage-collection pause must not roll a model back;
 *   <li>its anomaly rate is above {@code maxAnomalyRate} over at least {@code minScoredForRate}
 *       windows: a model that calls everything an anomaly is broken, not vigilant.
 * </ul>
 *
 * A gateway is healthy once it has run the package for {@code bakeTime} and scored at least {@code
 * minScoredForRate} windows under it, without any of these. The bake time alone is not evidence: a
 * canary that is slowed down, or whose pumps are quiet, would pass a package on to the next ring
 * before its anomaly rate could be judged (seen in StagedRolloutIT on a doubly loaded machine), so
 * its ring keeps baking until the windows are there.
 */
public record HealthPolicy(
    Duration bakeTime,
    double maxErrorRate,
    double maxLatencyFactor,
    double maxAnomalyRate,
    long minScoredForRate) {

  /** Where a gateway stands with the rollout's package. */
  public sealed interface Verdict {
    /** Not running the package yet (downloading, offline). */
    record Waiting() implements Verdict {}

    /** Running it, not yet for the bake time. */
    record Baking(Instant since) implements Verdict {}

    record Healthy() implements Verdict {}

    record Failed(String reason) implements Verdict {}
  }

  /** The running tally of one gateway under the package, fed heartbeat by heartbeat. */
  public static final class Tally {
    Instant runningSince;
    long scored;
    long anomalies;
    long errors;
    Double baselineP99;
    List<Double> p99s = new ArrayList<>();
    int heartbeats;
  }

  /** Heartbeats whose p99 is judged before latency can fail a gateway. */
  static final int LATENCY_SAMPLES = 3;

  /**
   * Heartbeats after a swap whose p99 is left out: the cold start (a fresh ONNX Runtime session,
   * the JIT, a burst of windows to catch up) spans more than the swap's own interval. With only the
   * first left out, a sound model was rolled back twice on CI (p99 5.5 ms seven seconds after the
   * swap and 6.3 ms five seconds after it, against 0.5 ms). A bake too short to have {@value
   * #LATENCY_SAMPLES} warm heartbeats does not judge latency.
   */
  static final int LATENCY_WARM_UP = 2;

  /**
   * Folds one heartbeat of the gateway into its tally and judges it.
   *
   * @param packageSha256 the package the gateway should run
   * @param baselineP99 the gateway's p99 under the previous model, if known
   */
  public Verdict judge(
      EdgeStatus status,
      String packageSha256,
      Tally tally,
      Optional<Double> baselineP99,
      Instant now) {
    if (packageSha256.equals(status.getFailedPackageSha256())) {
      return new Verdict.Failed(
          "gateway " + status.getGatewayId() + " refused the package: " + status.getLastError());
    }
    if (!packageSha256.equals(status.getModelSha256())) {
      return new Verdict.Waiting();
    }
    boolean first = tally.runningSince == null;
    if (first) {
      tally.runningSince = now;
      tally.baselineP99 = baselineP99.orElse(null);
    }
    tally.scored += status.getScoredSinceLast();
    tally.anomalies += status.getAnomaliesSinceLast();
    tally.errors += status.getErrorsSinceLast();
    tally.heartbeats++;
    if (status.getLatencyP99Millis() != null && tally.heartbeats > LATENCY_WARM_UP) {
      tally.p99s.add(status.getLatencyP99Millis());
    }
    long attempts = tally.scored + tally.errors;
    if (attempts > 0 && tally.errors > maxErrorRate * attempts) {
      return new Verdict.Failed(
          String.format(
              "error rate %.3f > %.3f on gateway %s",
              (double) tally.errors / attempts, maxErrorRate, status.getGatewayId()));
    }
    if (tally.scored >= minScoredForRate && tally.anomalies > maxAnomalyRate * tally.scored) {
      return new Verdict.Failed(
          String.format(
              "anomaly rate %.2f > %.2f over %d windows on gateway %s",
              (double) tally.anomalies / tally.scored,
              maxAnomalyRate,
              tally.scored,
              status.getGatewayId()));
    }
    if (!now.isBefore(tally.runningSince.plus(bakeTime)) && tally.scored >= minScoredForRate) {
      // Latency is judged over the whole bake, when the gateway would pass: its first seconds
      // under a new model are cold (a fresh ONNX Runtime session, the JIT, a burst of windows to
      // catch up), and judging them alone rolled a sound model back on a loaded machine (p99 5.5 ms
      // against 0.5 ms, seven seconds after the swap, ClosedLoopIT on CI, 2026-12-02).
      if (tally.baselineP99 != null && tally.p99s.size() >= LATENCY_SAMPLES) {
        double p99 = median(tally.p99s);
        if (p99 > tally.baselineP99 * maxLatencyFactor && p99 - tally.baselineP99 > 1.0) {
          return new Verdict.Failed(
              String.format(
                  "p99 latency %.2f ms, %.1fx the previous model's %.2f ms, on gateway %s",
                  p99, p99 / tally.baselineP99, tally.baselineP99, status.getGatewayId()));
        }
      }
      return new Verdict.Healthy();
    }
    return new Verdict.Baking(tally.runningSince);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
