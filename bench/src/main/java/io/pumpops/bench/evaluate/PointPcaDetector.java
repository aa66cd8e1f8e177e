package io.pumpops.bench.evaluate;

import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.util.List;
import java.util.function.Predicate;

/**
 * Our PCA T²+Q model on the raw readings, one row at a time: the setting of SKAB's own T²+Q
 * baseline (standardised channels, no windows), so its figures compare with the leaderboard's.
 */
public final class PointPcaDetector extends PointDetector {

  private final PcaAnomalyModel.Settings settings;

  public PointPcaDetector(PcaAnomalyModel.Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return settings.controlLimit() == ControlLimit.EMPIRICAL
        ? "pca-t2-q/points"
        : "pca-t2-q/points+" + settings.controlLimit().key() + "@" + settings.limitQuantile();
  }

  @Override
  public String description() {
    return "PCA T²+Q on the 8 standardised channels of each reading (SKAB's T²+Q setting); limits at the "
        + settings.limitQuantile()
        + " quantile of the fitting rows ("
        + settings.controlLimit().key()
        + "), "
        + settings.varianceToKeep()
        + " of the variance kept";
  }

  @Override
  Predicate<double[]> fit(List<String> channels, List<double[]> train) {
    PcaAnomalyModel model = PcaAnomalyModel.fit(channels, train, settings);
    return row -> model.score(row).anomaly();
  }
}
