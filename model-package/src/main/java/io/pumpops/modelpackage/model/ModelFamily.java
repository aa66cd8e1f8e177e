package io.pumpops.modelpackage.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model family with its settings: what training fits, and what lineage records so that a
 * rebuild fits the same family with the same settings. Each family's settings record implements it.
 */
public sealed interface ModelFamily permits PcaAnomalyModel.Settings, SimilarityAnomalyModel.Settings {

  /** Lineage's key for the family name. */
  String KEY = "modelFamily";

  /** The family's name in lineage ({@code pca-t2-q}, {@code similarity}). */
  String name();

  /** Fits the family to rows of feature values (no NaN). */
  AnomalyModel fit(List<String> featureNames, List<double[]> rows);

  /** The settings as lineage's trainingConfig entries, the family's name under {@link #KEY} included. */
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
    throw new IllegalArgumentException("unknown model family '" + family + "': this build knows "
        + PcaAnomalyModel.FAMILY + " and " + SimilarityAnomalyModel.FAMILY);
  }

  /** The default settings of the family named, for configuration that names families only. */
  static ModelFamily defaults(String family) {
    return fromConfig(new TreeMap<>(Map.of(KEY, family)));
  }

  /** The control-limit method as lineage keeps it: written only when not the default, so older lineage reads the same. */
  static void putControlLimit(Map<String, String> config, ControlLimit limit) {
    if (limit != ControlLimit.EMPIRICAL) {
      config.put("controlLimit", limit.key());
    }
  }

  static ControlLimit controlLimit(Map<String, String> config) {
    return ControlLimit.parse(config.getOrDefault("controlLimit", ControlLimit.EMPIRICAL.key()));
  }
}
