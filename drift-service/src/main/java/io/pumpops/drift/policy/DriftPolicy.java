package io.pumpops.drift.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.features.drift.DriftThresholds;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.DriftedFeature;
import io.pumpops.schemas.avro.OffsetRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When per-feature drift statistics add up to "this model no longer fits the data".
 *
 * <ol>
 *   <li>A feature <b>drifts</b> once its statistic is past the threshold in {@code
 *       consecutiveWindows} windows in a row.
 *   <li>It <b>clears</b> only after {@code clearWindows} windows in a row back inside {@code
 *       clearRatio} of the threshold (hysteresis: a value hovering at the threshold does not flap
 *       between drifted and clear).
 *   <li>The model drifts when at least {@code minFeatures} features drift; the policy then emits
 *       one {@link DriftDetected} and stays silent for {@code coolDown} (event time), so a retrain
 *       can finish and its new champion settle before the policy may speak again.
 * </ol>
 *
 * State is per model version: a new champion starts from nothing. A window that is not later than
 * the last one seen for its feature is a redelivery and changes nothing, so feeding the same
 * records twice never produces a second event.
 *
 * <p>Defaults ({@link Settings#defaults()}) and why: false alarms are what makes operators turn a
 * drift monitor off, so one noisy window must never be enough.
 *
 * <ul>
 *   <li>PSI is the statistic watched, judged against each feature's own limit: the model's
 *       reference profile carries a limit per feature, calibrated by training on how far that
 *       feature's PSI wanders between healthy hours of its own data (DriftCalibration, three times
 *       the largest). The configured threshold (0.2, the long-standing "significant shift" level)
 *       stays the floor, and is all there is for a profile without limits. With 0.2 for every
 *       feature, the fleet's wandering demand moved two correlated features (flow and pressure,
 *       power and temperature) past it often enough for about four false drifts per fleet-day over
 *       20 fleet seeds; a fixed threshold suits one fleet, a calibrated one any.
 *   <li>Four consecutive windows (with fifteen-minute hops, an hour of persistent change) filter
 *       transients such as restarts and valve operations; two features filter one feature's noise.
 *       Four windows and the margin of three were chosen together on validation fleets (seeds
 *       101-120 of {@code pumpops bench drift}): the fewest windows and smallest margin that kept
 *       false drifts under one per 30 fleet-days while every drift kind at the demo's magnitudes
 *       was found within two hours in every fleet.
 *   <li>A six-hour cool-down is long against a retrain; clearing at 80 % of the threshold for two
 *       windows is the usual hysteresis.
 *   <li>Windows of fewer than 100 values are not judged: PSI over ten bins has a noise floor near
 *       9/n, so below that a healthy window can reach 0.2 by chance.
 * </ul>
 *
 * The figures on fleets that took no part in the choice are in bench/RESULTS.md ("Drift").
 */
public final class DriftPolicy {

  /**
   * @param thresholds per watched statistic, its threshold
   * @param consecutiveWindows windows in a row past the threshold before a feature drifts
   * @param clearWindows windows in a row inside the clear level before it clears
   * @param clearRatio the clear level as a share of the threshold
   * @param minFeatures drifting features that make the model drift
   * @param coolDown silence after a detection, in event time
   * @param minSampleSize windows with fewer values than this are not judged (neither count nor
   *     clear)
   * @param soloRatio a feature at this multiple of its threshold for {@code consecutiveWindows} in
   *     a row makes the model drift on its own; infinite: never alone
   */
  public record Settings(
      Map<DriftStatistic, Double> thresholds,
      int consecutiveWindows,
      int clearWindows,
      double clearRatio,
      int minFeatures,
      Duration coolDown,
      int minSampleSize,
      double soloRatio) {
    public Settings {
      thresholds = Map.copyOf(thresholds);
      if (thresholds.isEmpty()
          || consecutiveWindows < 1
          || clearWindows < 1
          || minFeatures < 1
          || !(clearRatio > 0 && clearRatio <= 1)
          || coolDown.isNegative()
          || minSampleSize < 1
          || !(soloRatio >= 1)) {
        throw new IllegalArgumentException("invalid drift policy settings: " + this);
      }
    }

    /** Settings in which no feature is enough on its own. */
    public Settings(
        Map<DriftStatistic, Double> thresholds,
        int consecutiveWindows,
        int clearWindows,
        double clearRatio,
        int minFeatures,
        Duration coolDown,
        int minSampleSize) {
      this(
          thresholds,
          consecutiveWindows,
          clearWindows,
          clearRatio,
          minFeatures,
          coolDown,
          minSampleSize,
          Double.POSITIVE_INFINITY);
    }

    /**
     * PSI ≥ 0.2 (raised to each feature's calibrated limit), 4 windows, 2 features, clear below 80
     * % for 2 windows, 6 h cool-down, 100 values a window.
     */
    public static Settings defaults() {
      return new Settings(
          Map.of(DriftStatistic.PSI, DriftThresholds.DEFAULTS.psi()),
          4,
          2,
          0.8,
          2,
          Duration.ofHours(6),
          100,
          2.0);
    }

    public String describe() {
      StringBuilder text = new StringBuilder();
      new TreeMap<>(thresholds)
          .forEach(
              (s, t) ->
                  text.append(s.label())
                      .append(s == DriftStatistic.KS_P_VALUE ? "<" : ">=")
                      .append(t)
                      .append(' '));
      return text
          + "(windows of >= "
          + minSampleSize
          + " values) for "
          + consecutiveWindows
          + " windows, >= "
          + minFeatures
          + " features"
          + (Double.isInfinite(soloRatio) ? "" : " (or one at " + soloRatio + "x)")
          + ", clear below "
          + clearRatio
          + "x for "
          + clearWindows
          + " windows, cool-down "
          + coolDown;
    }
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .build();

  private final Settings settings;
  private final Map<String, ModelState> models = new HashMap<>();

  public DriftPolicy(Settings settings) {
    this.settings = settings;
  }

  /** Takes one feature's statistics for one window; returns the detection it completes, if any. */
  public Optional<DriftDetected> observe(DriftStatistics stats) {
    if (stats.getRevision() > 0) {
      // Statistics published again because a site's late pump windows joined a judged window: for
      // the record (dashboard, audit), not for deciding. A decision is taken once, on time.
      return Optional.empty();
    }
    ModelState known = models.get(stats.getModelName());
    if (known != null
        && known.version != stats.getModelVersion()
        && known.latestWindowStart != null
        && !stats.getWindowStart().isAfter(known.latestWindowStart)) {
      // A window no newer than what the current champion has been judged on, measured against
      // another version: in flight when the champion changed. It says nothing about the current
      // champion and must not bring the other version's state back (that detected one drift
      // twice). Newer windows of another version are a real change of champion, rollback included.
      return Optional.empty();
    }
    ModelState model =
        known == null || known.version != stats.getModelVersion()
            ? new ModelState(stats.getModelVersion())
            : known;
    models.put(stats.getModelName(), model);
    if (model.latestWindowStart == null
        || stats.getWindowStart().isAfter(model.latestWindowStart)) {
      model.latestWindowStart = stats.getWindowStart();
    }
    FeatureState feature =
        model.features.computeIfAbsent(stats.getFeatureName(), f -> new FeatureState());
    Instant windowStart = stats.getWindowStart();
    if (feature.lastWindowStart != null && !windowStart.isAfter(feature.lastWindowStart)) {
      return Optional.empty();
    }
    feature.lastWindowStart = windowStart;
    if (stats.getSampleSize() < settings.minSampleSize()) {
      return Optional.empty();
    }
    feature.update(stats, settings);
    if (!feature.drifting) {
      return Optional.empty();
    }
    List<Map.Entry<String, FeatureState>> drifting =
        model.features.entrySet().stream()
            .filter(e -> e.getValue().drifting)
            .sorted(Map.Entry.comparingByKey())
            .toList();
    boolean alone =
        drifting.stream()
            .anyMatch(e -> e.getValue().consecutiveSolo >= settings.consecutiveWindows());
    Instant windowEnd = stats.getWindowEnd();
    // At most one detection per window, and none within the cool-down after it.
    boolean coolingDown =
        model.lastDetection != null
            && (!windowEnd.isAfter(model.lastDetection)
                || windowEnd.isBefore(model.lastDetection.plus(settings.coolDown())));
    if (drifting.size() < settings.minFeatures() && !alone || coolingDown) {
      return Optional.empty();
    }
    model.lastDetection = windowEnd;
    return Optional.of(detection(stats, drifting, windowEnd));
  }

  /**
   * The policy's state for one model, to persist between records (empty if it has seen nothing of
   * the model). JSON: small, and readable when someone asks why the policy decided.
   */
  public Optional<byte[]> snapshot(String modelName) {
    ModelState model = models.get(modelName);
    if (model == null) {
      return Optional.empty();
    }
    Map<String, FeatureSnapshot> features = new TreeMap<>();
    model.features.forEach(
        (name, f) ->
            features.put(
                name,
                new FeatureSnapshot(
                    millis(f.lastWindowStart),
                    millis(f.firstOverWindow),
                    millis(f.firstOverWindowEnd),
                    f.consecutiveOver,
                    f.consecutiveSolo,
                    f.consecutiveClear,
                    f.drifting,
                    f.crossedBy == null ? null : f.crossedBy.name(),
                    f.lastValue,
                    f.lastThreshold,
                    f.ranges.stream()
                        .map(
                            r ->
                                new RangeSnapshot(
                                    r.getTopic(),
                                    r.getPartition(),
                                    r.getFromOffset(),
                                    r.getToOffset(),
                                    r.getRecordCount()))
                        .toList())));
    try {
      return Optional.of(
          JSON.writeValueAsBytes(
              new ModelSnapshot(
                  model.version,
                  millis(model.lastDetection),
                  millis(model.latestWindowStart),
                  features)));
    } catch (IOException e) {
      throw new UncheckedIOException("policy state is always serializable", e);
    }
  }

  /** Puts back the state of one model from {@link #snapshot(String)}. */
  public void restore(String modelName, byte[] snapshot) {
    ModelSnapshot saved;
    try {
      saved = JSON.readValue(snapshot, ModelSnapshot.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a drift policy snapshot of " + modelName + ": " + e.getMessage(), e);
    }
    ModelState model = new ModelState(saved.version());
    model.lastDetection = instant(saved.lastDetection());
    model.latestWindowStart = instant(saved.latestWindowStart());
    saved
        .features()
        .forEach(
            (name, f) -> {
              FeatureState state = new FeatureState();
              state.lastWindowStart = instant(f.lastWindowStart());
              state.firstOverWindow = instant(f.firstOverWindow());
              state.firstOverWindowEnd = instant(f.firstOverWindowEnd());
              state.consecutiveOver = f.consecutiveOver();
              state.consecutiveSolo = f.consecutiveSolo();
              state.consecutiveClear = f.consecutiveClear();
              state.drifting = f.drifting();
              state.crossedBy =
                  f.crossedBy() == null ? null : DriftStatistic.valueOf(f.crossedBy());
              state.lastValue = f.lastValue();
              state.lastThreshold = f.lastThreshold();
              f.ranges()
                  .forEach(
                      r ->
                          state.ranges.add(
                              new OffsetRange(
                                  r.topic(), r.partition(), r.from(), r.to(), r.count())));
              model.features.put(name, state);
            });
    models.put(modelName, model);
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /** {@code latestWindowStart} is null in snapshots from before it was kept. */
  private record ModelSnapshot(
      int version,
      Long lastDetection,
      Long latestWindowStart,
      Map<String, FeatureSnapshot> features) {}

  /**
   * {@code firstOverWindowEnd} and {@code lastThreshold} are null in snapshots from before they
   * were kept.
   */
  private record FeatureSnapshot(
      Long lastWindowStart,
      Long firstOverWindow,
      Long firstOverWindowEnd,
      int consecutiveOver,
      int consecutiveSolo,
      int consecutiveClear,
      boolean drifting,
      String crossedBy,
      double lastValue,
      Double lastThreshold,
      List<RangeSnapshot> ranges) {}

  private record RangeSnapshot(String topic, int partition, long from, long to, long count) {}

  private DriftDetected detection(
      DriftStatistics trigger, List<Map.Entry<String, FeatureState>> drifting, Instant windowEnd) {
    List<DriftedFeature> features = new ArrayList<>();
    Instant firstWindow = windowEnd;
    Instant changedBy = null;
    Map<String, OffsetRange> ranges = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureState> entry : drifting) {
      FeatureState f = entry.getValue();
      features.add(
          new DriftedFeature(
              entry.getKey(),
              f.crossedBy.label(),
              f.lastValue,
              f.lastThreshold != null ? f.lastThreshold : settings.thresholds().get(f.crossedBy),
              f.consecutiveOver));
      firstWindow = f.firstOverWindow.isBefore(firstWindow) ? f.firstOverWindow : firstWindow;
      if (f.firstOverWindowEnd != null
          && (changedBy == null || f.firstOverWindowEnd.isBefore(changedBy))) {
        changedBy = f.firstOverWindowEnd;
      }
      f.ranges.forEach(
          r ->
              ranges.putIfAbsent(
                  r.getTopic() + "/" + r.getPartition() + "/" + r.getFromOffset(), r));
    }
    return DriftDetected.newBuilder()
        .setEventId(
            trigger.getModelName()
                + "/"
                + trigger.getModelVersion()
                + "/"
                + windowEnd.toEpochMilli())
        .setEventTime(windowEnd)
        .setModelName(trigger.getModelName())
        .setModelVersion(trigger.getModelVersion())
        .setFeatures(features)
        .setWindowStart(firstWindow)
        .setWindowEnd(windowEnd)
        .setChangedBy(changedBy)
        .setDataRanges(new ArrayList<>(ranges.values()))
        .setPolicy(settings.describe())
        .build();
  }

  private static final class ModelState {
    final int version;
    final Map<String, FeatureState> features = new HashMap<>();
    Instant lastDetection;
    Instant latestWindowStart;

    ModelState(int version) {
      this.version = version;
    }
  }

  private static final class FeatureState {
    Instant lastWindowStart;
    Instant firstOverWindow;
    Instant firstOverWindowEnd;
    int consecutiveOver;

    /** Windows in a row at {@code soloRatio} times the threshold or more. */
    int consecutiveSolo;

    int consecutiveClear;
    boolean drifting;
    DriftStatistic crossedBy;
    double lastValue;

    /**
     * The threshold the last crossing was judged by (the profile's calibrated limit, or the
     * configured one).
     */
    Double lastThreshold;

    final List<OffsetRange> ranges = new ArrayList<>();

    void update(DriftStatistics stats, Settings settings) {
      DriftStatistic over = null;
      boolean allClear = true;
      for (Map.Entry<DriftStatistic, Double> t : new TreeMap<>(settings.thresholds()).entrySet()) {
        double value = t.getKey().valueIn(stats);
        double threshold = t.getKey().thresholdFor(stats, t.getValue());
        if (over == null && t.getKey().crosses(value, threshold)) {
          over = t.getKey();
          lastValue = value;
          lastThreshold = threshold;
        }
        allClear &= t.getKey().clear(value, threshold, settings.clearRatio());
      }
      if (over != null) {
        consecutiveSolo =
            over.farPast(lastValue, lastThreshold, settings.soloRatio()) ? consecutiveSolo + 1 : 0;
        if (consecutiveOver == 0) {
          firstOverWindow = stats.getWindowStart();
          firstOverWindowEnd = stats.getWindowEnd();
          ranges.clear();
        }
        consecutiveOver++;
        consecutiveClear = 0;
        crossedBy = over;
        ranges.addAll(stats.getDataRanges());
        drifting |= consecutiveOver >= settings.consecutiveWindows();
      } else {
        consecutiveOver = 0;
        consecutiveSolo = 0;
        consecutiveClear = allClear ? consecutiveClear + 1 : 0;
        if (drifting && consecutiveClear >= settings.clearWindows()) {
          drifting = false;
        }
      }
    }
  }
}
