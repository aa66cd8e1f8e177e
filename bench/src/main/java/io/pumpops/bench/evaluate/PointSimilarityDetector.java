package io.pumpops.bench.evaluate;

import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import java.util.List;
import java.util.function.Predicate;

/** The similarity (MSET-style) family on the raw readings, one row at a time, as {@link PointPcaDetector}. */
public final class PointSimilarityDetector extends PointDetector {

  private final SimilarityAnomalyModel.Settings settings;

  public PointSimilarityDetector(SimilarityAnomalyModel.Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "similarity/points";
  }

  @Override
  public String description() {
    return "similarity (MSET-style) estimate of the 8 standardised channels from a memory of " + settings.memorySize()
        + " fitting rows; limit at the " + settings.limitQuantile() + " quantile of the fitting rows left out of the "
        + "memory (" + settings.controlLimit().key() + ")";
  }

  @Override
  Predicate<double[]> fit(List<String> channels, List<double[]> train) {
    SimilarityAnomalyModel model = SimilarityAnomalyModel.fit(channels, train, settings);
    return row -> model.score(row).anomaly();
  }
}
