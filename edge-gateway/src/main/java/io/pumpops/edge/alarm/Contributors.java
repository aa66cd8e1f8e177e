package io.pumpops.edge.alarm;

import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.schemas.avro.AlarmContributor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What drove an alarm, in terms an operator reads: the window's features furthest from the model's
 * reference profile, in standard deviations of the reference. Model-agnostic, so it explains any
 * family's alarm the same way.
 */
public final class Contributors {

  /** Features named in an alarm. */
  static final int TOP = 3;

  private final List<String> names;
  private final ReferenceProfile reference;

  /**
   * @param reference the model's reference profile; null explains nothing
   */
  public Contributors(List<String> names, ReferenceProfile reference) {
    this.names = List.copyOf(names);
    this.reference = reference;
  }

  public List<AlarmContributor> of(double[] features) {
    if (reference == null) {
      return List.of();
    }
    List<AlarmContributor> all = new ArrayList<>();
    for (int i = 0; i < names.size() && i < features.length; i++) {
      FeatureProfile profile = reference.features().get(names.get(i));
      if (profile == null || !Double.isFinite(features[i]) || !(profile.std() > 0)) {
        continue;
      }
      all.add(new AlarmContributor(names.get(i), (features[i] - profile.mean()) / profile.std()));
    }
    all.sort(
        Comparator.comparingDouble((AlarmContributor c) -> -Math.abs(c.getZScore()))
            .thenComparing(AlarmContributor::getFeature));
    return List.copyOf(all.subList(0, Math.min(TOP, all.size())));
  }
}
