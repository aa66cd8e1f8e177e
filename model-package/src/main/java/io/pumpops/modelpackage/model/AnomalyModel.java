package io.pumpops.modelpackage.model;

import java.util.List;
import java.util.Map;

/**
 * A fitted anomaly model of any family, as training, evaluation and export see it: rows of feature
 * values in, a score relative to the model's control limit out, so that 1 is the alarm level
 * whatever the family (the gateway compares every family's {@code score} output with 1).
 */
public sealed interface AnomalyModel
    permits PcaAnomalyModel, SimilarityAnomalyModel, RegressionResidualModel {

  /** The family's name in lineage, manifests and reports ({@link ModelFamily#name()}). */
  String family();

  /** The model's inputs, in order. */
  List<String> featureNames();

  /** The row's score: its statistic over the control limit (above 1 is an anomaly). */
  double scoreOf(double[] row);

  default boolean anomalous(double[] row) {
    return scoreOf(row) > 1;
  }

  /** What a run record keeps of the fitted model: its size and limits, by name. */
  Map<String, Double> summary();
}
