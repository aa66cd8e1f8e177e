package io.pumpops.training.evaluate;

import java.util.Locale;

/**
 * Decides whether a challenger should replace the champion, from both models' metrics on the same
 * hold-out slice (A/B on identical data).
 *
 * <ul>
 *   <li>The challenger's false-alarm rate must be at most {@code maxFalseAlarmRate}: a model that
 *       alarms on the data it is meant to call normal is not fit to ship, champion or not.
 *   <li>Against a champion, the challenger may not alarm more than the champion plus {@code
 *       falseAlarmMargin}, and, where labels exist, its F1 may not be lower than the champion's
 *       minus {@code f1Margin}.
 * </ul>
 */
public final class PromotionGate {

  /** The gate's margins, from configuration. */
  public record Settings(double maxFalseAlarmRate, double falseAlarmMargin, double f1Margin) {}

  /** The verdict and why, in words that go into the run record and the promotion's reason. */
  public record Decision(boolean promote, String reason) {}

  private final Settings settings;

  public PromotionGate(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param champion the champion's metrics on the same slice, or null when there is no champion (or
   *     it cannot score this FeatureSpec)
   */
  public Decision decide(AnomalyMetrics challenger, AnomalyMetrics champion) {
    double far = challenger.falseAlarmRate();
    if (Double.isNaN(far)) {
      return new Decision(false, "no normal hold-out windows to measure false alarms on");
    }
    if (far > settings.maxFalseAlarmRate()) {
      return new Decision(
          false,
          format(
              "challenger false-alarm rate %.4f is above the limit %.4f",
              far, settings.maxFalseAlarmRate()));
    }
    if (champion == null) {
      return new Decision(
          true,
          format(
              "no champion; challenger false-alarm rate %.4f within the limit %.4f",
              far, settings.maxFalseAlarmRate()));
    }
    double championFar = champion.falseAlarmRate();
    if (far > championFar + settings.falseAlarmMargin()) {
      return new Decision(
          false,
          format(
              "challenger false-alarm rate %.4f is worse than the champion's %.4f (margin %.4f)",
              far, championFar, settings.falseAlarmMargin()));
    }
    if (!Double.isNaN(challenger.f1())
        && !Double.isNaN(champion.f1())
        && challenger.f1() < champion.f1() - settings.f1Margin()) {
      return new Decision(
          false,
          format(
              "challenger F1 %.4f is worse than the champion's %.4f (margin %.4f)",
              challenger.f1(), champion.f1(), settings.f1Margin()));
    }
    return new Decision(
        true,
        format(
            "challenger false-alarm rate %.4f vs champion %.4f%s",
            far,
            championFar,
            Double.isNaN(challenger.f1())
                ? ""
                : format(", F1 %.4f vs %.4f", challenger.f1(), champion.f1())));
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
