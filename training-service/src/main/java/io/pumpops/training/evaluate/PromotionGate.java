package io.pumpops.training.evaluate;

import java.util.Locale;

/**
 * Decides whether a challenger should replace the champion, from both models' metrics on the same
 * hold-out slice (A/B on identical data).
 *
 * <ul>
 *   <li>The challenger's false-alarm rate must be at most {@code maxFalseAlarmRate}: a model that
 *       alarms on the data it is meant to call normal is not fit to ship, champion or not.
 *   <li>In an operator's units: the alarms its verdicts open on the normal hold-out windows (the
 *       gateway's alarm policy, {@link HoldoutAlarms}) may not be more than a model raising {@code
 *       maxFalseAlarmsPerPumpDay} would raise there with 5 % probability (a one-sided Poisson
 *       test): a short hold-out cannot prove a rate as low as 0.1 a pump-day, but it can show one
 *       far above it, and one alarm in a few pump-hours is that.
 *   <li>Against a champion, the challenger may not alarm more than the champion plus {@code
 *       falseAlarmMargin}, and, where labels exist, its F1 may not be lower than the champion's
 *       minus {@code f1Margin}; and it must alarm at least as many of the labelled faults.
 * </ul>
 */
public final class PromotionGate {

  /** The gate's margins, from configuration. */
  public record Settings(
      double maxFalseAlarmRate,
      double falseAlarmMargin,
      double f1Margin,
      double maxFalseAlarmsPerPumpDay) {

    public Settings {
      if (!(maxFalseAlarmsPerPumpDay > 0)) {
        throw new IllegalArgumentException(
            "max-false-alarms-per-pump-day must be positive, not " + maxFalseAlarmsPerPumpDay);
      }
    }
  }

  /** How improbable a healthy model's false-alarm count must be before the gate refuses it. */
  static final double FALSE_ALARM_EVIDENCE = 0.05;

  /** The verdict and why, in words that go into the run record and the promotion's reason. */
  public record Decision(boolean promote, String reason) {}

  private final Settings settings;

  public PromotionGate(Settings settings) {
    this.settings = settings;
  }

  /** The window-level decision alone, for callers without alarm figures. */
  public Decision decide(AnomalyMetrics challenger, AnomalyMetrics champion) {
    return decide(challenger, null, champion, null);
  }

  /**
   * @param challengerAlarms the alarms the challenger's verdicts open on the same windows, or null
   * @param champion the champion's metrics on the same slice, or null when there is no champion (or
   *     it cannot score this FeatureSpec)
   * @param championAlarms the champion's alarms on them, or null
   */
  public Decision decide(
      AnomalyMetrics challenger,
      HoldoutAlarms challengerAlarms,
      AnomalyMetrics champion,
      HoldoutAlarms championAlarms) {
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
    if (challengerAlarms != null && tooManyFalseAlarms(challengerAlarms)) {
      return new Decision(
          false,
          format(
              "challenger opened %d false alarms in %.2f pump-days of normal hold-out windows; a model"
                  + " at the limit of %.2f a pump-day opens that many with probability below %.2f",
              challengerAlarms.falseAlarms(),
              challengerAlarms.normalPumpDays(),
              settings.maxFalseAlarmsPerPumpDay(),
              FALSE_ALARM_EVIDENCE));
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
    if (challengerAlarms != null
        && championAlarms != null
        && challengerAlarms.faultsAlarmed() < championAlarms.faultsAlarmed()) {
      return new Decision(
          false,
          format(
              "challenger alarmed %d of %d labelled faults, the champion %d",
              challengerAlarms.faultsAlarmed(),
              challengerAlarms.faults(),
              championAlarms.faultsAlarmed()));
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

  /**
   * Whether {@code falseAlarms} in {@code normalPumpDays} is improbably many for a model at the
   * limit: P(N >= observed) below {@link #FALSE_ALARM_EVIDENCE} for N ~ Poisson(limit x pump-days).
   */
  private boolean tooManyFalseAlarms(HoldoutAlarms alarms) {
    if (alarms.falseAlarms() == 0) {
      return false;
    }
    double expected = settings.maxFalseAlarmsPerPumpDay() * alarms.normalPumpDays();
    double term = Math.exp(-expected);
    double below = 0; // P(N < observed)
    for (int k = 0; k < alarms.falseAlarms(); k++) {
      below += term;
      term *= expected / (k + 1);
    }
    return 1 - below < FALSE_ALARM_EVIDENCE;
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
