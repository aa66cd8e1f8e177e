package io.pumpops.featurestream;

import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.schemas.avro.OffsetRange;
import java.time.Instant;
import java.util.List;

/** The features library's drift statistics as the pump.drift-stats record. */
public final class DriftStatsRecords {

  private DriftStatsRecords() {}

  /** Statistics of a window judged for the first time (revision 0). */
  public static io.pumpops.schemas.avro.DriftStatistics of(
      String modelName,
      int modelVersion,
      String featureSpecVersion,
      String feature,
      String pumpId,
      Instant windowStart,
      Instant windowEnd,
      DriftStatistics s,
      FeatureProfile reference,
      List<OffsetRange> ranges) {
    return of(
        modelName,
        modelVersion,
        featureSpecVersion,
        feature,
        pumpId,
        windowStart,
        windowEnd,
        s,
        reference,
        ranges,
        0);
  }

  /**
   * @param pumpId the pump, or null for fleet-wide statistics
   * @param reference the feature's reference profile: its size and calibrated limits go into the
   *     record
   * @param ranges the pump.features offsets the window was computed from
   * @param revision 0 the first time a window is judged, then 1, 2, ... as late pump windows join
   *     it
   */
  public static io.pumpops.schemas.avro.DriftStatistics of(
      String modelName,
      int modelVersion,
      String featureSpecVersion,
      String feature,
      String pumpId,
      Instant windowStart,
      Instant windowEnd,
      DriftStatistics s,
      FeatureProfile reference,
      List<OffsetRange> ranges,
      int revision) {
    return io.pumpops.schemas.avro.DriftStatistics.newBuilder()
        .setEventId(
            modelName
                + "/"
                + modelVersion
                + "/"
                + feature
                + "/"
                + windowStart.toEpochMilli()
                + (revision == 0 ? "" : "/r" + revision))
        // The window end rather than the wall clock: recomputing a window gives the same record.
        .setEventTime(windowEnd)
        .setModelName(modelName)
        .setModelVersion(modelVersion)
        .setFeatureName(feature)
        .setPumpId(pumpId)
        .setWindowStart(windowStart)
        .setWindowEnd(windowEnd)
        .setFeatureSpecVersion(featureSpecVersion)
        .setSampleSize(s.sampleSize())
        .setReferenceSize((int) Math.min(Integer.MAX_VALUE, reference.sampleSize()))
        .setPsiLimit(reference.psiLimit())
        .setWassersteinLimit(reference.wassersteinLimit())
        .setPsi(orNull(s.psi()))
        .setKsStatistic(orNull(s.ksStatistic()))
        .setKsPValue(orNull(s.ksPValue()))
        .setWasserstein(orNull(s.wasserstein()))
        .setJensenShannon(orNull(s.jensenShannon()))
        .setRevision(revision)
        .setDataRanges(ranges)
        .build();
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
