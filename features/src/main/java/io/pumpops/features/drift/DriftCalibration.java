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
 * is {@code margin ×} the healthy peak of those values, by the {@link Peak} rule. The drift policy
 * never judges by less than its configured (textbook) threshold, which stays the floor.
 *
 * @param block length of a block: the drift window's length, so blocks are judged as live windows
 *     are
 * @param hop distance between block starts: the drift window's hop
 * @param margin how far past the healthy peak of the block-to-rest values a window must be to count
 * @param peak which block value stands for the healthy peak
 */
public record DriftCalibration(Duration block, Duration hop, double margin, Peak peak) {

  /** Which block-to-rest value of the reference is taken as the healthy peak. */
  public enum Peak {
    /** The largest of all blocks. */
    LARGEST,
    /**
     * The largest among the blocks that do not overlap the block with the largest value: one
     * excursion in the reference (a wide swing of demand) lifts every block overlapping it, and
     * would otherwise set the limit alone.
     */
    SECOND_EXCURSION
  }

  /** With the {@link Peak#LARGEST} rule, as every version trained before the rule existed. */
  public DriftCalibration(Duration block, Duration hop, double margin) {
    this(block, hop, margin, Peak.LARGEST);
  }

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

  /** The peak rule chosen with {@link #DEFAULT_MARGIN}, the same way. */
  public static final Peak DEFAULT_PEAK = Peak.LARGEST;

  public DriftCalibration {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(peak, "peak");
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

  /**
   * Blocks of the monitoring window's length and hop, {@link #DEFAULT_MARGIN}, {@link
   * #DEFAULT_PEAK}.
   */
  public static DriftCalibration defaults(DriftMonitoring monitoring) {
    return new DriftCalibration(
        monitoring.window(), monitoring.hop(), DEFAULT_MARGIN, DEFAULT_PEAK);
  }

  /** The healthy peak of each calibrated statistic's block-to-rest values. */
  public record Largest(double psi, double wasserstein) {}

  /** What a feature's profile keeps: {@code margin ×} the healthy peaks. */
  public record Limits(double psi, double wasserstein) {}

  /**
   * The healthy peak ({@link #peak()}) of the PSI and the Wasserstein distance of the blocks of the
   * values against a profile of the rest; empty when the rows do not make {@link #MIN_BLOCKS}
   * blocks of {@link #MIN_BLOCK_ROWS}.
   *
   * @param values one feature's reference values
   * @param times each value's window start (epoch millis), same order
   */
  public Optional<Largest> largest(double[] values, long[] times) {
    List<Block> blocks = blocks(times);
    if (blocks.isEmpty()) {
      return Optional.empty();
    }
    List<BlockValue> psi = new ArrayList<>();
    List<BlockValue> wasserstein = new ArrayList<>();
    for (Block b : blocks) {
      double[] block = select(values, b.inside(), true);
      double[] rest = select(values, b.inside(), false);
      if (Arrays.stream(rest).noneMatch(Double::isFinite)) {
        continue;
      }
      FeatureProfile others =
          FeatureProfile.of(
              "rest", rest, FeatureProfile.DEFAULT_BINS, FeatureProfile.DEFAULT_QUANTILES);
      DriftStatistics statistics = DriftStatistics.of(others, block);
      if (Double.isFinite(statistics.psi())) {
        psi.add(new BlockValue(b.startMillis(), statistics.psi()));
      }
      if (Double.isFinite(statistics.wasserstein())) {
        wasserstein.add(new BlockValue(b.startMillis(), statistics.wasserstein()));
      }
    }
    long length = blocks.get(0).lengthMillis();
    return Optional.of(new Largest(peak(psi, length), peak(wasserstein, length)));
  }

  /** One block's statistic against the rest. */
  private record BlockValue(long startMillis, double value) {}

  /** The healthy peak of the values of blocks {@code length} long, by {@link #peak}. */
  private double peak(List<BlockValue> values, long length) {
    BlockValue top =
        values.stream().max(java.util.Comparator.comparingDouble(BlockValue::value)).orElse(null);
    if (top == null) {
      return 0;
    }
    if (peak == Peak.LARGEST) {
      return top.value();
    }
    // Blocks overlapping the largest one share its excursion; the next peak clear of it stands for
    // the healthy spread. Should every block overlap it, the largest stays.
    return values.stream()
        .filter(v -> Math.abs(v.startMillis() - top.startMillis()) >= length)
        .mapToDouble(BlockValue::value)
        .max()
        .orElse(top.value());
  }

  /**
   * The feature's limits, {@code margin ×} its healthy peaks; empty when it cannot be calibrated.
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

  /** A block's rows (a membership mask), where it starts and how long it is. */
  private record Block(boolean[] inside, long startMillis, long lengthMillis) {}

  /**
   * The blocks as membership masks over the rows: {@link #MIN_BLOCKS} non-overlapping ones fit in
   * the span, each holds at least {@link #MIN_BLOCK_ROWS} rows, and so does the rest; none when the
   * span is too short for that.
   */
  private List<Block> blocks(long[] times) {
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
    List<Block> blocks = new ArrayList<>();
    for (long start = first; start + blockMillis <= first + span; start += hopMillis) {
      boolean[] inside = new boolean[times.length];
      int count = 0;
      for (int i = 0; i < times.length; i++) {
        inside[i] = times[i] >= start && times[i] < start + blockMillis;
        count += inside[i] ? 1 : 0;
      }
      if (count >= MIN_BLOCK_ROWS && times.length - count >= MIN_BLOCK_ROWS) {
        blocks.add(new Block(inside, start, blockMillis));
      }
    }
    return blocks.size() >= MIN_BLOCKS ? blocks : List.of();
  }
}
