package io.pumpops.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which features a model sees: channels, statistics per channel, cross-channel features, and the
 * window they are computed over. Its {@link #version()} goes into every feature record and into
 * every model's lineage; {@link #fingerprint()} hashes the definition itself, so a changed
 * definition that kept its version is caught.
 *
 * @param version name of this definition, for example {@code pump-v1}
 * @param window window length
 * @param hop distance between window starts (equal to {@code window} for tumbling windows)
 * @param channels the channels, in the order their features appear
 * @param statistics the statistics computed per channel, in order
 * @param crossFeatures features combining channels, each with {@link Statistic#MEAN} and {@link
 *     Statistic#STD}
 */
public record FeatureSpec(
    String version,
    Duration window,
    Duration hop,
    List<String> channels,
    List<Statistic> statistics,
    List<CrossFeature> crossFeatures) {

  /** A statistic of one channel over a window. */
  public enum Statistic {
    MEAN("mean"),
    STD("std"),
    MIN("min"),
    MAX("max"),
    RMS("rms"),
    SLOPE("slope"),
    LAST("last"),
    COUNT("count");

    private final String suffix;

    Statistic(String suffix) {
      this.suffix = suffix;
    }

    public String suffix() {
      return suffix;
    }
  }

  /** A feature combining channels of one reading, then aggregated like a channel. */
  public enum CrossFeature {
    /** Hydraulic power in watts: pressure (bar) × 10⁵ × flow (l/min) / 60 000. */
    HYDRAULIC_POWER("hydraulicPower"),
    /** Motor current per unit flow, A per l/min; undefined (skipped) while flow is near zero. */
    CURRENT_PER_FLOW("currentPerFlow");

    private final String featureName;

    CrossFeature(String featureName) {
      this.featureName = featureName;
    }

    public String featureName() {
      return featureName;
    }
  }

  public FeatureSpec {
    Objects.requireNonNull(version, "version");
    if (window.isNegative()
        || window.isZero()
        || hop.isNegative()
        || hop.isZero()
        || hop.compareTo(window) > 0) {
      throw new IllegalArgumentException(
          "FeatureSpec "
              + version
              + ": need 0 < hop <= window, was window "
              + window
              + ", hop "
              + hop);
    }
    channels = List.copyOf(channels);
    statistics = List.copyOf(statistics);
    crossFeatures = List.copyOf(crossFeatures);
  }

  /**
   * Version 1 for pumps: the eight conventional channels, every statistic, both cross-channel
   * features, one-minute tumbling windows.
   */
  public static final FeatureSpec PUMP_V1 =
      new FeatureSpec(
          "pump-v1",
          Duration.ofMinutes(1),
          Duration.ofMinutes(1),
          List.of(
              "flowRate",
              "pressure",
              "current",
              "voltage",
              "motorTemperature",
              "fluidTemperature",
              "vibration1",
              "vibration2"),
          List.of(Statistic.values()),
          List.of(CrossFeature.values()));

  /** The FeatureSpecs this build knows, by version: what a model package may ask for. */
  public static java.util.Optional<FeatureSpec> byVersion(String version) {
    return PUMP_V1.version().equals(version)
        ? java.util.Optional.of(PUMP_V1)
        : java.util.Optional.empty();
  }

  /**
   * Feature names in model-input order: {@code channel.statistic}, then {@code
   * crossFeature.mean|std}.
   */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (String channel : channels) {
      for (Statistic statistic : statistics) {
        names.add(channel + "." + statistic.suffix());
      }
    }
    for (CrossFeature cross : crossFeatures) {
      names.add(cross.featureName() + "." + Statistic.MEAN.suffix());
      names.add(cross.featureName() + "." + Statistic.STD.suffix());
    }
    return names;
  }

  /** Lower-case hex SHA-256 of the definition (everything but the version name). */
  public String fingerprint() {
    String canonical =
        window.toMillis()
            + "|"
            + hop.toMillis()
            + "|"
            + channels
            + "|"
            + statistics
            + "|"
            + crossFeatures;
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
