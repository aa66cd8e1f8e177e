package io.pumpops.features.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a feature's PSI and Wasserstein distance wander between healthy windows of its own
 * reference data, turned into that feature's limits. A textbook threshold (PSI ≥ 0.2) treats every
 * feature alike, but a feature whose minute values are strongly autocorrelated (demand wanders over
 * minutes, so an hour holds only a dozen independent values of it) crosses 0.2 between two healthy
 * hours, while a noisy, uncorrelated one never does. The limit is learned where the model is: from
 * its training rows, stored in its {@link ReferenceProfile} and versioned and shipped with it.
 *
 * <p>How: blocks of the drift window's length slide over the reference span with the drift window's
 * hop, as live windows do (when the span holds fewer than {@link #MIN_BLOCKS} blocks, the blocks
 * are a third of the span: shorter blocks only make the limits more cautious, since PSI's noise
 * grows as samples shrink). Each block is compared with a profile of the rest of the span, as a
 * live window is compared with a profile it was not part of; the feature's limit for each statistic
 * is {@code margin ×} the largest of those values. The drift policy never judges by less than its
 * configured (textbook) threshold, which stays the floor.
 *
 * @param block length of a block: the drift window's length, so blocks are judged as live windows
 *     are
 * @param hop distance between block starts: the drift window's hop
 * @param margin how far past the largest healthy block-to-rest value a window must be to count
 */
public record DriftCalibration(Duration block, Duration hop, double margin) {

  /** Fewer blocks than this and the span is cut into this many shorter ones. */
  public static final int MIN_BLOCKS = 3;

  /** Blocks with fewer feature rows than this are not judged (nor used to judge). */
  public static final int MIN_BLOCK_ROWS = 30;

  /**
   * Chosen with the policy's four windows in a row on validation fleets (seeds 101-120 of {@code
   * pumpops bench drift}, 40 fleet-days; bench/RESULTS.md, "Drift"): the smallest margin tried that
   * kept false drifts under one per 30 fleet-days there while every drift kind at the demo's
   * magnitudes was still found within two hours in every fleet.
   */
  public static final double DEFAULT_MARGIN = 3.0;

  public DriftCalibration {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(hop, "hop");
    if (block.isZero()
        || block.isNegative()
        || hop.isZero()
        || hop.isNegative()
        || hop.compareTo(block) > 0
        || !(margin >= 1)) {
      throw new IllegalArgumentException(
          "drift calibration needs 0 < hop <= block and margin >= 1; was "
              + block
              + ", "
              + hop
              + ", "
              + margin);
    }
  }

  /** Blocks of the monitoring window's length and hop, {@link #DEFAULT_MARGIN}. */
  public static DriftCalibration defaults(DriftMonitoring monitoring) {
    return new DriftCalibration(monitoring.window(), monitoring.hop(), DEFAULT_MARGIN);
  }

  /** The largest healthy block-to-rest value of each calibrated statistic. */
  public record Largest(double psi, double wasserstein) {}

  /** What a feature's profile keeps: {@code margin ×} the largest healthy values. */
  public record Limits(double psi, double wasserstein) {}

  /**
   * The largest PSI and Wasserstein distance of any block of the values against a profile of the
   * rest; empty when the rows do not make {@link #MIN_BLOCKS} blocks of {@link #MIN_BLOCK_ROWS}.
   *
   * @param values one feature's reference values
   * @param times each value's window start (epoch millis), same order
   */
  public Optional<Largest> largest(double[] values, long[] times) {
    List<boolean[]> blocks = blocks(times);
    if (blocks.isEmpty()) {
      return Optional.empty();
    }
    double psi = 0;
    double wasserstein = 0;
    for (boolean[] inside : blocks) {
      double[] block = select(values, inside, true);
      double[] rest = select(values, inside, false);
      if (Arrays.stream(rest).noneMatch(Double::isFinite)) {
        continue;
      }
      FeatureProfile others =
          FeatureProfile.of(
              "rest", rest, FeatureProfile.DEFAULT_BINS, FeatureProfile.DEFAULT_QUANTILES);
      DriftStatistics statistics = DriftStatistics.of(others, block);
      psi = Double.isFinite(statistics.psi()) ? Math.max(psi, statistics.psi()) : psi;
      wasserstein =
          Double.isFinite(statistics.wasserstein())
              ? Math.max(wasserstein, statistics.wasserstein())
              : wasserstein;
    }
    return Optional.of(new Largest(psi, wasserstein));
  }

  /**
   * The feature's limits, {@code margin ×} its largest healthy values; empty when it cannot be
   * calibrated.
   */
  public Optional<Limits> limits(double[] values, long[] times) {
    return largest(values, times).map(l -> new Limits(margin * l.psi(), margin * l.wasserstein()));
  }

  /** Whether the rows span enough to calibrate on. */
  public boolean calibrates(long[] times) {
    return !blocks(times).isEmpty();
  }

  private static double[] select(double[] values, boolean[] inside, boolean in) {
    double[] selected = new double[values.length];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (inside[i] == in) {
        selected[n++] = values[i];
      }
    }
    return Arrays.copyOf(selected, n);
  }

  /**
   * The blocks as membership masks over the rows: {@link #MIN_BLOCKS} non-overlapping ones fit in
   * the span, each holds at least {@link #MIN_BLOCK_ROWS} rows, and so does the rest; none when the
   * span is too short for that.
   */
  private List<boolean[]> blocks(long[] times) {
    if (times.length == 0) {
      return List.of();
    }
    long first = Arrays.stream(times).min().orElseThrow();
    long span = Arrays.stream(times).max().orElseThrow() - first + 1;
    long blockMillis = block.toMillis();
    long hopMillis = hop.toMillis();
    if (span / blockMillis < MIN_BLOCKS) {
      blockMillis = Math.max(1, span / MIN_BLOCKS);
      hopMillis = Math.max(1, blockMillis * hop.toMillis() / block.toMillis());
    }
    List<boolean[]> blocks = new ArrayList<>();
    for (long start = first; start + blockMillis <= first + span; start += hopMillis) {
      boolean[] inside = new boolean[times.length];
      int count = 0;
      for (int i = 0; i < times.length; i++) {
        inside[i] = times[i] >= start && times[i] < start + blockMillis;
        count += inside[i] ? 1 : 0;
      }
      if (count >= MIN_BLOCK_ROWS && times.length - count >= MIN_BLOCK_ROWS) {
        blocks.add(inside);
      }
    }
    return blocks.size() >= MIN_BLOCKS ? blocks : List.of();
  }
}
