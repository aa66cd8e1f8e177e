package io.pumpops.drift.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftPolicyTest {

  private static final Instant T0 = Instant.parse("2026-03-09T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);

  /** The defaults, watching Wasserstein as well, so the tests can drive either statistic. */
  private static final DriftPolicy.Settings SETTINGS =
      new DriftPolicy.Settings(
          Map.of(DriftStatistic.WASSERSTEIN, 0.1, DriftStatistic.PSI, 0.2),
          3,
          2,
          0.8,
          2,
          Duration.ofHours(6),
          100);

  private final DriftPolicy policy = new DriftPolicy(SETTINGS);

  private static DriftStatistics stats(
      String feature, int window, double wasserstein, double psi, int modelVersion) {
    Instant start = T0.plus(WINDOW.multipliedBy(window));
    return DriftStatistics.newBuilder()
        .setEventId("m/" + modelVersion + "/" + feature + "/" + window)
        .setEventTime(start.plus(WINDOW))
        .setModelName("pump-pca")
        .setModelVersion(modelVersion)
        .setFeatureName(feature)
        .setWindowStart(start)
        .setWindowEnd(start.plus(WINDOW))
        .setFeatureSpecVersion("pump-v1")
        .setSampleSize(600)
        .setReferenceSize(5000)
        .setPsi(psi)
        .setKsStatistic(0.1)
        .setKsPValue(0.5)
        .setWasserstein(wasserstein)
        .setJensenShannon(0.05)
        .setDataRanges(
            List.of(new OffsetRange("pump.features", 0, window * 100L, window * 100L + 100, 100L)))
        .build();
  }

  /** Feeds one window of both features; returns the detections. */
  private List<DriftDetected> window(int w, double pressure, double flow) {
    return window(policy, w, pressure, flow, 1);
  }

  private static List<DriftDetected> window(
      DriftPolicy policy, int w, double pressure, double flow, int version) {
    List<DriftDetected> out = new ArrayList<>();
    policy.observe(stats("pressure.mean", w, pressure, 0.01, version)).ifPresent(out::add);
    policy.observe(stats("pressure.max", w, flow, 0.01, version)).ifPresent(out::add);
    return out;
  }

  @Test
  void driftNeedsThreeConsecutiveWindowsOfTwoFeatures() {
    assertThat(window(0, 0.5, 0.5)).isEmpty();
    assertThat(window(1, 0.5, 0.5)).isEmpty();

    List<DriftDetected> third = window(2, 0.5, 0.5);

    assertThat(third)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getModelName()).isEqualTo("pump-pca");
              assertThat(d.getModelVersion()).isEqualTo(1);
              assertThat(d.getFeatures())
                  .extracting(f -> f.getFeatureName())
                  .containsExactly("pressure.max", "pressure.mean");
              assertThat(d.getFeatures().get(0).getConsecutiveWindows()).isEqualTo(3);
              assertThat(d.getFeatures().get(0).getStatistic()).isEqualTo("wasserstein");
              assertThat(d.getWindowStart()).isEqualTo(T0);
              assertThat(d.getWindowEnd()).isEqualTo(T0.plus(WINDOW.multipliedBy(3)));
              assertThat(d.getChangedBy())
                  .as("the first window that counted had changed by its end")
                  .isEqualTo(T0.plus(WINDOW));
              assertThat(d.getDataRanges()).hasSize(3);
              assertThat(d.getEventId())
                  .isEqualTo("pump-pca/1/" + T0.plus(WINDOW.multipliedBy(3)).toEpochMilli());
              assertThat(d.getPolicy()).contains("3 windows").contains(">= 2 features");
            });
  }

  @Test
  void aFeaturesCalibratedPsiLimitRaisesTheThresholdAndTheConfiguredOneStaysTheFloor() {
    DriftPolicy psiOnly = new DriftPolicy(DriftPolicy.Settings.defaults());
    int n = DriftPolicy.Settings.defaults().consecutiveWindows();
    List<DriftDetected> detections = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      // PSI 0.4 is past the textbook 0.2, but this model's profile calibrated pressure.mean's limit
      // at 0.5.
      psiOnly
          .observe(withLimit(stats("pressure.mean", w, 0, 0.4, 1), 0.5))
          .ifPresent(detections::add);
      // A limit under the configured threshold does not lower it: 0.15 stays under the floor 0.2.
      psiOnly
          .observe(withLimit(stats("pressure.max", w, 0, 0.15, 1), 0.1))
          .ifPresent(detections::add);
    }
    assertThat(detections).as("neither feature is past its threshold").isEmpty();

    for (int w = n; w < 2 * n; w++) {
      psiOnly
          .observe(withLimit(stats("pressure.mean", w, 0, 0.6, 1), 0.5))
          .ifPresent(detections::add);
      psiOnly
          .observe(withLimit(stats("pressure.max", w, 0, 0.25, 1), 0.1))
          .ifPresent(detections::add);
    }
    assertThat(detections)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getFeatures())
                  .extracting(f -> f.getFeatureName())
                  .containsExactly("pressure.max", "pressure.mean");
              assertThat(d.getFeatures())
                  .extracting(f -> f.getThreshold())
                  .as("each feature reports the threshold it was judged by")
                  .containsExactly(0.2, 0.5);
              assertThat(d.getWindowStart()).isEqualTo(T0.plus(WINDOW.multipliedBy(n)));
            });
  }

  @Test
  void oneFeatureFarPastItsLimitForAsManyWindowsIsADriftOnItsOwn() {
    DriftPolicy.Settings defaults = DriftPolicy.Settings.defaults();
    int n = defaults.consecutiveWindows();
    DriftPolicy nearly = new DriftPolicy(defaults);
    List<DriftDetected> detections = new ArrayList<>();
    for (int w = 0; w < 2 * n; w++) {
      // 1.5 times its limit of 0.4: over it, but not far enough to count without a second feature.
      nearly
          .observe(withLimit(stats("pressure.mean", w, 0, 1.5 * 0.4, 1), 0.4))
          .ifPresent(detections::add);
    }
    assertThat(detections).isEmpty();

    DriftPolicy far = new DriftPolicy(defaults);
    for (int w = 0; w < n; w++) {
      far.observe(withLimit(stats("hydraulicPower.mean", w, 0, defaults.soloRatio() * 0.4, 1), 0.4))
          .ifPresent(detections::add);
    }
    assertThat(detections)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getFeatures())
                  .extracting(f -> f.getFeatureName())
                  .containsExactly("hydraulicPower.mean");
              assertThat(d.getPolicy()).contains("or one at " + defaults.soloRatio() + "x");
            });
  }

  @Test
  void theThresholdAFeatureWasJudgedBySurvivesASnapshot() {
    DriftPolicy first = new DriftPolicy(DriftPolicy.Settings.defaults());
    int last = DriftPolicy.Settings.defaults().consecutiveWindows() - 1;
    for (int w = 0; w < last; w++) {
      first.observe(withLimit(stats("pressure.mean", w, 0, 0.9, 1), 0.7));
      first.observe(withLimit(stats("pressure.max", w, 0, 0.9, 1), 0.8));
    }
    DriftPolicy restored = new DriftPolicy(DriftPolicy.Settings.defaults());
    restored.restore("pump-pca", first.snapshot("pump-pca").orElseThrow());

    restored.observe(withLimit(stats("pressure.mean", last, 0, 0.9, 1), 0.7));
    Optional<DriftDetected> completing =
        restored.observe(withLimit(stats("pressure.max", last, 0, 0.9, 1), 0.8));

    assertThat(completing)
        .hasValueSatisfying(
            d ->
                assertThat(d.getFeatures())
                    .extracting(f -> f.getThreshold())
                    .containsExactly(0.8, 0.7));
  }

  private static DriftStatistics withLimit(DriftStatistics stats, double psiLimit) {
    stats.setPsiLimit(psiLimit);
    return stats;
  }

  @Test
  void aRevisionOfAWindowIsRecordedButNeverJudged() {
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);
    DriftStatistics revisedPressure = stats("pressure.mean", 2, 0.5, 0.01, 1);
    revisedPressure.setRevision(1);
    DriftStatistics revisedMax = stats("pressure.max", 2, 0.5, 0.01, 1);
    revisedMax.setRevision(1);

    assertThat(policy.observe(revisedPressure)).isEmpty();
    assertThat(policy.observe(revisedMax)).as("a site's late windows do not decide").isEmpty();
    assertThat(window(2, 0.5, 0.5)).as("and did not take the window's place").hasSize(1);
  }

  @Test
  void aBrokenStreakStartsTheCountAgain() {
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);
    window(2, 0.01, 0.01);
    window(3, 0.5, 0.5);

    assertThat(window(4, 0.5, 0.5)).isEmpty();
    assertThat(window(5, 0.5, 0.5)).hasSize(1);
  }

  @Test
  void oneDriftingFeatureIsNotEnough() {
    for (int w = 0; w < 20; w++) {
      assertThat(window(w, 0.5, 0.01)).isEmpty();
    }
  }

  @Test
  void psiAloneCanMakeAFeatureDrift() {
    List<DriftDetected> out = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      policy.observe(stats("a", w, 0.0, 0.3, 1)).ifPresent(out::add);
      policy.observe(stats("b", w, 0.0, 0.3, 1)).ifPresent(out::add);
    }
    assertThat(out)
        .singleElement()
        .satisfies(d -> assertThat(d.getFeatures().get(0).getStatistic()).isEqualTo("psi"));
  }

  @Test
  void redeliveredWindowsChangeNothing() {
    window(0, 0.5, 0.5);
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);
    window(1, 0.5, 0.5);
    assertThat(window(2, 0.5, 0.5)).hasSize(1);
    assertThat(window(2, 0.5, 0.5)).as("the triggering window again").isEmpty();
  }

  @Test
  void coolDownSilencesRepeatDetectionsUntilItEnds() {
    List<DriftDetected> all = new ArrayList<>();
    // Six hours are 36 ten-minute windows; drift persists for 50.
    for (int w = 0; w < 50; w++) {
      all.addAll(window(w, 0.5, 0.5));
    }
    assertThat(all).hasSize(2);
    assertThat(Duration.between(all.get(0).getWindowEnd(), all.get(1).getWindowEnd()))
        .isEqualTo(Duration.ofHours(6));
  }

  @Test
  void hysteresisKeepsAFeatureDriftingInTheBandAndClearsItBelow() {
    DriftPolicy quick =
        new DriftPolicy(
            new DriftPolicy.Settings(
                Map.of(DriftStatistic.WASSERSTEIN, 0.1), 3, 2, 0.8, 2, Duration.ZERO, 100));
    for (int w = 0; w < 3; w++) {
      window(quick, w, 0.5, 0.5, 1);
    }
    // 0.09 is under the threshold but above the clear level 0.08: still drifting, so with the other
    // feature over again, the model drifts at once.
    assertThat(window(quick, 3, 0.09, 0.5, 1)).hasSize(1);
    window(quick, 4, 0.05, 0.5, 1);
    window(quick, 5, 0.05, 0.5, 1);
    // pressure.mean has cleared after two windows below 0.08: pressure.max alone is not enough.
    assertThat(window(quick, 6, 0.05, 0.5, 1)).isEmpty();
  }

  @Test
  void aNewChampionVersionStartsFromNothing() {
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);

    assertThat(window(policy, 2, 0.5, 0.5, 2)).isEmpty();
    assertThat(window(policy, 3, 0.5, 0.5, 2)).isEmpty();
    assertThat(window(policy, 4, 0.5, 0.5, 2))
        .singleElement()
        .satisfies(d -> assertThat(d.getModelVersion()).isEqualTo(2));
  }

  @Test
  void theChangeIsDatedByTheEarliestFeatureToCross() {
    policy.observe(stats("pressure.mean", 0, 0.5, 0.01, 1));
    policy.observe(stats("pressure.max", 0, 0.01, 0.01, 1));
    window(1, 0.5, 0.5);
    window(2, 0.5, 0.5);

    List<DriftDetected> detected = window(3, 0.5, 0.5);

    assertThat(detected)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getWindowStart()).isEqualTo(T0);
              assertThat(d.getChangedBy()).isEqualTo(T0.plus(WINDOW));
            });
  }

  @Test
  void windowsStillMeasuredAgainstTheOldChampionDoNotReviveItsState() {
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);
    assertThat(window(2, 0.5, 0.5)).hasSize(1);

    // v2 is promoted; each window also closes once more against v1 (in flight at the promotion).
    for (int w = 3; w < 8; w++) {
      assertThat(window(policy, w, 0.01, 0.01, 2)).isEmpty();
      assertThat(window(policy, w, 0.5, 0.5, 1)).as("late v1 window %d", w).isEmpty();
    }
    // v2's own state carried on undisturbed: three drifted windows of v2 are still needed.
    assertThat(window(policy, 8, 0.5, 0.5, 2)).isEmpty();
    assertThat(window(policy, 9, 0.5, 0.5, 2)).isEmpty();
    assertThat(window(policy, 10, 0.5, 0.5, 2))
        .singleElement()
        .satisfies(d -> assertThat(d.getModelVersion()).isEqualTo(2));
  }

  @Test
  void aRollbackToTheOlderVersionIsFollowed() {
    window(policy, 0, 0.01, 0.01, 2);
    window(policy, 1, 0.01, 0.01, 2);

    // The champion goes back to v1: newer windows are measured against it.
    assertThat(window(policy, 2, 0.5, 0.5, 1)).isEmpty();
    assertThat(window(policy, 3, 0.5, 0.5, 1)).isEmpty();
    assertThat(window(policy, 4, 0.5, 0.5, 1))
        .singleElement()
        .satisfies(d -> assertThat(d.getModelVersion()).isEqualTo(1));
  }

  @Test
  void missingStatisticsNeitherTriggerNorClear() {
    DriftStatistics empty =
        DriftStatistics.newBuilder(stats("pressure.mean", 0, 0, 0, 1))
            .setWasserstein(null)
            .setPsi(null)
            .build();

    assertThat(policy.observe(empty)).isEqualTo(Optional.empty());
  }

  @Test
  void noiseBelowTheThresholdsNeverDetectsOverTenThousandWindows() {
    Random random = new Random(7);
    int detections = 0;
    for (int w = 0; w < 10_000; w++) {
      detections +=
          window(w, Math.abs(random.nextGaussian()) * 0.03, Math.abs(random.nextGaussian()) * 0.03)
              .size();
    }
    // Values above 0.1 (over 3.3 sigma) occur, but never three windows in a row in both features.
    assertThat(detections).isZero();
  }

  @Test
  void aRestoredPolicyContinuesExactlyWhereTheSnapshotWasTaken() {
    window(0, 0.5, 0.5);
    window(1, 0.5, 0.5);
    DriftPolicy restored = new DriftPolicy(SETTINGS);
    restored.restore("pump-pca", policy.snapshot("pump-pca").orElseThrow());

    List<DriftDetected> fromOriginal = window(policy, 2, 0.5, 0.5, 1);
    List<DriftDetected> fromRestored = window(restored, 2, 0.5, 0.5, 1);

    assertThat(fromRestored).hasSize(1).isEqualTo(fromOriginal);
    assertThat(window(restored, 1, 0.5, 0.5, 1)).as("redelivery after restore").isEmpty();
    assertThat(new DriftPolicy(SETTINGS).snapshot("pump-pca")).isEmpty();
  }
}
