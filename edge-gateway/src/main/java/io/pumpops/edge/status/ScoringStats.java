package io.pumpops.edge.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What scoring did since the last heartbeat (counts, latency percentiles, last error), and the same
 * as Prometheus meters for the gateway's /metrics.
 *
 * <p>An interval belongs to one model package: deploy-service judges a new model by the heartbeats
 * that name it, so windows the previous model scored before a swap must not be counted as the new
 * one's. (After a drift the outgoing champion flags nearly every window; counted under its
 * successor, they rolled a good model back within a second of the swap.)
 */
public final class ScoringStats {

  private static final int MAX_SAMPLES = 100_000;

  private final Counter scoredTotal;
  private final Counter anomaliesTotal;
  private final Counter errorsTotal;
  private final Counter invalidTotal;
  private final Counter unscoredTotal;
  private final Timer latency;
  private double[] latencies = new double[1024];
  private int samples;
  private long scored;
  private long anomalies;
  private long errors;
  private String intervalPackage;
  private String lastError;

  /** The figures of one heartbeat interval. */
  public record Interval(
      long scored, long anomalies, long errors, Double p50Millis, Double p99Millis) {}

  public ScoringStats(MeterRegistry metrics) {
    scoredTotal =
        Counter.builder("pumpops.edge.scored").description("Windows scored").register(metrics);
    anomaliesTotal =
        Counter.builder("pumpops.edge.anomalies")
            .description("Windows above threshold")
            .register(metrics);
    errorsTotal =
        Counter.builder("pumpops.edge.scoring.errors")
            .description("Inference failures")
            .register(metrics);
    invalidTotal =
        Counter.builder("pumpops.edge.readings.invalid")
            .description("Readings that fail validation: forwarded, not scored")
            .register(metrics);
    unscoredTotal =
        Counter.builder("pumpops.edge.readings.unscored")
            .description("Readings that arrived while no model was loaded")
            .register(metrics);
    latency =
        Timer.builder("pumpops.edge.inference")
            .description("Feature vector to score, ONNX Runtime")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  /** One window scored by the model of package {@code packageSha256}. */
  public synchronized void scored(String packageSha256, double millis, boolean anomaly) {
    scoredTotal.increment();
    latency.record(Duration.ofNanos((long) (millis * 1e6)));
    switchTo(packageSha256);
    scored++;
    if (anomaly) {
      anomaliesTotal.increment();
      anomalies++;
    }
    if (samples == latencies.length && samples < MAX_SAMPLES) {
      latencies = Arrays.copyOf(latencies, samples * 2);
    }
    if (samples < latencies.length) {
      latencies[samples++] = millis;
    }
  }

  /** Scoring failed under the model of package {@code packageSha256}. */
  public synchronized void error(String packageSha256, String message) {
    errorsTotal.increment();
    switchTo(packageSha256);
    errors++;
    lastError = message;
  }

  /**
   * Figures of another package than the interval's so far belong to the model before a swap: drop
   * them.
   */
  private void switchTo(String packageSha256) {
    if (!Objects.equals(packageSha256, intervalPackage)) {
      reset();
      intervalPackage = packageSha256;
    }
  }

  private void reset() {
    scored = 0;
    anomalies = 0;
    errors = 0;
    samples = 0;
  }

  public void invalid() {
    invalidTotal.increment();
  }

  public void unscored() {
    unscoredTotal.increment();
  }

  /** Windows scored since the gateway started. */
  public long totalScored() {
    return (long) scoredTotal.count();
  }

  public synchronized String lastError() {
    return lastError;
  }

  /**
   * The figures of the model of package {@code currentPackageSha256} since the previous call, and a
   * fresh interval. Empty when scoring since then was all by another package.
   */
  public synchronized Interval takeInterval(String currentPackageSha256) {
    switchTo(currentPackageSha256);
    Double p50 = null;
    Double p99 = null;
    if (samples > 0) {
      double[] sorted = Arrays.copyOf(latencies, samples);
      Arrays.sort(sorted);
      p50 = sorted[(int) Math.min(samples - 1, Math.ceil(0.50 * samples) - 1)];
      p99 = sorted[(int) Math.min(samples - 1, Math.ceil(0.99 * samples) - 1)];
    }
    Interval interval = new Interval(scored, anomalies, errors, p50, p99);
    reset();
    return interval;
  }
}
