package io.pumpops.drift.calibration;

import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.FeatureProfile;
import java.time.Instant;
import java.util.List;

/** A drift-stats record as feature-stream writes it, from the features library's statistics. */
final class StatsRecords {

  private StatsRecords() {}

  static io.pumpops.schemas.avro.DriftStatistics of(
      String model,
      int version,
      String feature,
      Instant start,
      Instant end,
      DriftStatistics s,
      FeatureProfile reference) {
    return io.pumpops.schemas.avro.DriftStatistics.newBuilder()
        .setEventId(model + "/" + version + "/" + feature + "/" + start.toEpochMilli())
        .setEventTime(end)
        .setModelName(model)
        .setModelVersion(version)
        .setFeatureName(feature)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setFeatureSpecVersion("pump-v1")
        .setSampleSize(s.sampleSize())
        .setReferenceSize((int) reference.sampleSize())
        .setPsiLimit(reference.psiLimit())
        .setWassersteinLimit(reference.wassersteinLimit())
        .setPsi(finite(s.psi()))
        .setKsStatistic(finite(s.ksStatistic()))
        .setKsPValue(finite(s.ksPValue()))
        .setWasserstein(finite(s.wasserstein()))
        .setJensenShannon(finite(s.jensenShannon()))
        .setDataRanges(List.of())
        .build();
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
