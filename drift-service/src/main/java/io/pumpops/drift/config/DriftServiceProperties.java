package io.pumpops.drift.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.drift.policy.DriftStatistic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pumpops.drift.*}: the Kafka Streams application id and state directory, the policy (see
 * {@link DriftPolicy} for what each setting does and why the defaults), the commit interval.
 *
 * @param watch the statistics watched, each {@code label:threshold}, for example {@code psi:0.25}
 *     or {@code ks:0.01} (for KS the threshold is a p-value: below it is drift); absent: PSI at its
 *     textbook floor, {@code DriftThresholds.DEFAULTS}
 * @param soloRatio a feature this many times past its threshold for the same windows makes the
 *     model drift alone
 */
@ConfigurationProperties("pumpops.drift")
public record DriftServiceProperties(
    String applicationId,
    Path stateDirectory,
    @Nullable List<String> watch,
    int consecutiveWindows,
    int clearWindows,
    double clearRatio,
    int minFeatures,
    Duration coolDown,
    int minSampleSize,
    double soloRatio,
    Duration commitInterval,
    @Nullable Duration sessionTimeout) {

  /** How long a crashed instance's models wait for another instance; Kafka's 45 s unless set. */
  public Duration sessionTimeoutOrDefault() {
    return sessionTimeout == null
        ? io.pumpops.messaging.streams.StreamsRunner.Settings.DEFAULT_SESSION_TIMEOUT
        : sessionTimeout;
  }

  public DriftPolicy.Settings policy() {
    Map<DriftStatistic, Double> thresholds = new LinkedHashMap<>();
    for (String entry : watch == null ? List.<String>of() : watch) {
      String[] parts = entry.split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "pumpops.drift.watch entry '" + entry + "' is not label:threshold");
      }
      DriftStatistic statistic =
          Arrays.stream(DriftStatistic.values())
              .filter(s -> s.label().equals(parts[0].trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "pumpops.drift.watch: unknown statistic '"
                              + parts[0]
                              + "'; one of "
                              + Arrays.stream(DriftStatistic.values())
                                  .map(DriftStatistic::label)
                                  .toList()));
      thresholds.put(statistic, Double.parseDouble(parts[1].trim()));
    }
    if (thresholds.isEmpty()) {
      thresholds.putAll(DriftPolicy.Settings.defaults().thresholds());
    }
    return new DriftPolicy.Settings(
        thresholds,
        consecutiveWindows,
        clearWindows,
        clearRatio,
        minFeatures,
        coolDown,
        minSampleSize,
        soloRatio);
  }
}
