package io.pumpops.bench.evaluate;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.simulator.SkabRecording;
import java.util.List;
import java.util.Locale;

/**
 * A causal detector of change against healthy wander, on the raw readings: each channel's {@link
 * LocalLevel} is fitted on the fitting rows; every later reading's deviation from that level is
 * measured in the spread the channel may have wandered to by then, smoothed by an exponentially
 * weighted average (so a lasting shift of a fraction of the noise adds up, a lone spike does not),
 * and the reading is an anomaly when any channel's smoothed deviation passes the limit. It sees
 * only the fitting rows and the readings up to the one it judges, as a gateway would.
 *
 * <p>Why: under SKAB's protocol the rig warms through each recording, which moves the thermal
 * channels many standard deviations from their 400 fitting rows in healthy running, while a valve
 * fault moves the flow by one or two; models of the healthy <em>state</em> (PCA, similarity,
 * regression) cannot tell the two apart (bench/RESULTS.md, "The protocol's own floor").
 */
public final class LocalLevelDetector implements Detector {

  /**
   * @param smoothing weight of the newest deviation in the average, in (0, 1]; 1 = no smoothing
   * @param limitScale the limit as a multiple of the normal quantile that leaves a 10⁻⁴ two-sided
   *     tail shared over the channels
   */
  public record Settings(double smoothing, double limitScale) {
    public Settings {
      if (!(smoothing > 0 && smoothing <= 1)) {
        throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
      }
      if (!(limitScale > 0)) {
        throw new IllegalArgumentException("limit scale must be positive, got " + limitScale);
      }
    }
  }

  private static final double TAIL = 1e-4;

  private final List<String> channels = FeatureSpec.PUMP_V1.channels();
  private final Settings settings;

  public LocalLevelDetector(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return String.format(
        Locale.ROOT,
        "local-level/points@%s,%s",
        trim(settings.smoothing()),
        trim(settings.limitScale()));
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "each channel's deviation from its local level (random walk plus noise, fitted by maximum "
            + "likelihood), in the spread it may have wandered to since the fit, averaged with weight %s "
            + "on the newest reading; anomaly when any channel passes %s x the 1e-4 normal limit",
        trim(settings.smoothing()),
        trim(settings.limitScale()));
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    LocalLevel[] levels = new LocalLevel[channels.size()];
    for (int c = 0; c < levels.length; c++) {
      double[] fitting = new double[trainRows];
      for (int i = 0; i < trainRows; i++) {
        fitting[i] = value(rows.get(i), c);
      }
      levels[c] = fitsOrNull(fitting);
    }
    double a = settings.smoothing();
    // The smoothed deviation of independent unit deviations has variance a / (2 - a).
    double spread = Math.sqrt(a / (2 - a));
    double limit =
        settings.limitScale() * ControlLimit.normalQuantile(1 - TAIL / (2.0 * levels.length));
    double[] smoothed = new double[levels.length];
    boolean[] verdicts = new boolean[rows.size() - trainRows];
    for (int i = trainRows; i < rows.size(); i++) {
      double worst = 0;
      for (int c = 0; c < levels.length; c++) {
        double reading = value(rows.get(i), c);
        if (levels[c] == null || !Double.isFinite(reading)) {
          continue; // a channel without a model or a missing reading carries its last average on
        }
        double deviation = levels[c].deviation(reading, i - trainRows + 1L);
        smoothed[c] = (1 - a) * smoothed[c] + a * deviation;
        worst = Math.max(worst, Math.abs(smoothed[c]) / spread);
      }
      verdicts[i - trainRows] = worst > limit;
    }
    return verdicts;
  }

  /** A channel that never moves while fitting (or has gaps) is left out rather than failing. */
  private static LocalLevel fitsOrNull(double[] fitting) {
    try {
      return LocalLevel.fit(fitting);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private double value(SkabRecording.Row row, int channel) {
    Double value = row.channels().get(channels.get(channel));
    return value == null ? Double.NaN : value;
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : Double.toString(value).replaceAll("0+$", "");
  }
}
