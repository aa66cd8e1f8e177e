package io.pumpops.modelpackage.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model family with its settings: what training fits, and what lineage records so that a rebuild
 * fits the same family with the same settings. Each family's settings record implements it.
 */
public sealed interface ModelFamily
    permits PcaAnomalyModel.Settings,
        SimilarityAnomalyModel.Settings,
        RegressionResidualModel.Settings {

  /** Lineage's key for the family name. */
  String KEY = "modelFamily";

  /** The families this build can fit, export and rebuild. */
  java.util.List<String> KNOWN =
      java.util.List.of(
          PcaAnomalyModel.FAMILY, SimilarityAnomalyModel.FAMILY, RegressionResidualModel.FAMILY);

  /**
   * The family's name in lineage ({@code pca-t2-q}, {@code similarity}, {@code
   * regression-residuals}).
   */
  String name();

  /** Fits the family to rows of feature values (no NaN). */
  AnomalyModel fit(List<String> featureNames, List<double[]> rows);

  /**
   * The settings as lineage's trainingConfig entries, the family's name under {@link #KEY}
   * included.
   */
  Map<String, String> asConfig();

  /** The family and settings a lineage's trainingConfig (or a configuration) describes. */
  static ModelFamily fromConfig(Map<String, String> config) {
    String family = config.get(KEY);
    if (PcaAnomalyModel.FAMILY.equals(family)) {
      return PcaAnomalyModel.Settings.fromConfig(config);
    }
    if (SimilarityAnomalyModel.FAMILY.equals(family)) {
      return SimilarityAnomalyModel.Settings.fromConfig(config);
    }
    if (RegressionResidualModel.FAMILY.equals(family)) {
      return RegressionResidualModel.Settings.fromConfig(config);
    }
    throw new IllegalArgumentException(
        "unknown model family '" + family + "': this build knows " + String.join(", ", KNOWN));
  }

  /** The default settings of the family named, for configuration that names families only. */
  static ModelFamily defaults(String family) {
    return fromConfig(new TreeMap<>(Map.of(KEY, family)));
  }

  /**
   * The named family with its defaults, overridden by those of {@code settings} that the family has
   * (and {@code controlLimit}, which every family has): one configuration can carry every family's
   * keys ({@code limitQuantile}, {@code varianceToKeep}, {@code memorySize}, {@code ridge}).
   */
  static ModelFamily configured(String family, Map<String, String> settings) {
    if (!KNOWN.contains(family)) {
      throw new IllegalArgumentException(
          "unknown model family '" + family + "'; known: " + String.join(", ", KNOWN));
    }
    Map<String, String> config = new TreeMap<>(defaults(family).asConfig());
    config.replaceAll((key, value) -> key.equals(KEY) ? value : settings.getOrDefault(key, value));
    if (settings.containsKey("controlLimit")) {
      config.put("controlLimit", settings.get("controlLimit"));
    }
    return fromConfig(config);
  }

  /**
   * The entries every family writes (its name, its limit quantile, and its control-limit method
   * only when not the default, so that older lineage reads the same) with the family's own setting.
   */
  static Map<String, String> config(
      String family, double limitQuantile, ControlLimit limit, String ownKey, String ownValue) {
    Map<String, String> config = new TreeMap<>();
    config.put(KEY, family);
    config.put("limitQuantile", Double.toString(limitQuantile));
    if (limit != ControlLimit.EMPIRICAL) {
      config.put("controlLimit", limit.key());
    }
    config.put(ownKey, ownValue);
    return config;
  }

  /** A number of lineage's entries, or the default where lineage has none. */
  static double number(Map<String, String> config, String key, double fallback) {
    String value = config.get(key);
    return value == null ? fallback : Double.parseDouble(value);
  }

  static ControlLimit controlLimit(Map<String, String> config) {
    return ControlLimit.parse(config.getOrDefault("controlLimit", ControlLimit.EMPIRICAL.key()));
  }
}
