package io.pumpops.bench.evaluate;

import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import java.util.List;
import java.util.function.Predicate;

/**
 * Any model family on the raw readings, one row at a time, as {@link PointPcaDetector} does for PCA
 * (which keeps its own class for the names of its several limit estimators).
 */
public final class PointFamilyDetector extends PointDetector {

  private final ModelFamily family;

  public PointFamilyDetector(ModelFamily family) {
    this.family = family;
  }

  @Override
  public String name() {
    return family.name() + "/points";
  }

  @Override
  public String description() {
    return family.name()
        + " on the 8 standardised channels of each reading, settings "
        + family.asConfig();
  }

  @Override
  Predicate<double[]> fit(List<String> channels, List<double[]> train) {
    AnomalyModel model = family.fit(channels, train);
    return model::anomalous;
  }
}
