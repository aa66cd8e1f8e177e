package io.pumpops.training.pipeline;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.AnomalyModel;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.training.evaluate.AnomalyMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses the model family by validation only: each candidate is fitted on the fitting rows before
 * a validation cut (the last {@code validationShare} of their window starts) and judged on the rows
 * after it, which it did not fit; the hold-out slice the promotion gate judges is not touched.
 *
 * <p>The rule, in operator units:
 *
 * <ul>
 *   <li>with labelled anomalous windows before the hold-out (never fitted on), the highest F1 over
 *       them and the validation rows, so neither a model that flags everything nor one that flags
 *       nothing wins;
 *   <li>without labels, the fewest false alarms per pump-day on the validation rows. Every family
 *       sets its limit at the same quantile of its own training rows, so this rewards the limit
 *       that holds on later healthy data, not a blunter model; it cannot reward sensitivity, which
 *       only labels can show;
 *   <li>ties go to the candidate listed first (the configuration's order).
 * </ul>
 *
 * Then training fits the chosen family on all fitting rows. Lineage records the choice and these
 * figures; a rebuild fits the recorded family directly, so it does not depend on the choice.
 */
public final class FamilyChoice {

  /** Lineage's key of the families that were compared, in order. */
  public static final String CANDIDATES_KEY = "familyCandidates";

  /** One candidate's figures on the validation rows. */
  public record Candidate(String family, AnomalyMetrics validation, double falseAlarmsPerPumpDay) {}

  /**
   * The family chosen, every candidate's figures (in the candidates' order) and the reason in
   * words.
   */
  public record Result(ModelFamily chosen, List<Candidate> candidates, String reason) {

    /** What lineage keeps of the choice, beside the chosen family's own settings. */
    public Map<String, String> asConfig() {
      Map<String, String> config = new TreeMap<>();
      if (candidates.size() < 2) {
        return config;
      }
      config.put(
          CANDIDATES_KEY, String.join(",", candidates.stream().map(Candidate::family).toList()));
      for (Candidate c : candidates) {
        config.put(
            "validation." + c.family() + ".falseAlarmsPerPumpDay",
            format(c.falseAlarmsPerPumpDay()));
        if (!Double.isNaN(c.validation().f1())) {
          config.put("validation." + c.family() + ".f1", format(c.validation().f1()));
        }
      }
      return config;
    }

    /** The figures as run-record metrics. */
    public Map<String, Double> metrics() {
      Map<String, Double> metrics = new TreeMap<>();
      for (Candidate c : candidates) {
        metrics.put(
            "validation." + c.family() + ".falseAlarmsPerPumpDay", c.falseAlarmsPerPumpDay());
        c.validation().asMap("validation." + c.family() + ".").forEach(metrics::put);
      }
      return metrics;
    }
  }

  private FamilyChoice() {}

  /**
   * @param validated the fitting rows and the labelled anomalous windows
   * @param validationShare the share of the fitting rows' window starts, at their end, that
   *     validation judges
   */
  public static Result choose(
      List<ModelFamily> families,
      ReproducibleTraining.Validated validated,
      FeatureSpec spec,
      double validationShare) {
    if (families.isEmpty()) {
      throw new IllegalArgumentException("no model family to train");
    }
    if (families.size() == 1) {
      return new Result(families.get(0), List.of(), "the only family configured");
    }
    List<PumpWindows.Row> train = validated.train();
    List<Long> starts =
        new ArrayList<>(
            new TreeSet<>(train.stream().map(PumpWindows.Row::windowStartMillis).toList()));
    int validationStarts = (int) Math.floor(starts.size() * validationShare);
    if (validationStarts == 0 || validationStarts >= starts.size()) {
      return new Result(
          families.get(0),
          List.of(),
          "too few windows to validate on; the first family configured");
    }
    long cut = starts.get(starts.size() - validationStarts);
    long lastFitted = starts.get(starts.size() - 1);
    List<double[]> fitting =
        train.stream()
            .filter(r -> r.windowStartMillis() < cut)
            .map(PumpWindows.Row::features)
            .toList();
    List<double[]> judged =
        new ArrayList<>(
            train.stream()
                .filter(r -> r.windowStartMillis() >= cut)
                .map(PumpWindows.Row::features)
                .toList());
    int healthy = judged.size();
    // Labelled windows within the fitting span are never fitted on; the hold-out's stay for the
    // gate.
    validated.anomalous().stream()
        .filter(r -> r.windowStartMillis() <= lastFitted)
        .forEach(r -> judged.add(r.features()));
    List<Boolean> truth =
        judged.size() == healthy ? null : new ArrayList<>(Collections.nCopies(healthy, false));
    if (truth != null) {
      truth.addAll(Collections.nCopies(judged.size() - healthy, true));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (ModelFamily family : families) {
      AnomalyModel model = family.fit(spec.featureNames(), fitting);
      AnomalyMetrics metrics =
          AnomalyMetrics.of(judged.stream().map(model::anomalous).toList(), truth);
      candidates.add(
          new Candidate(family.name(), metrics, metrics.falseAlarmsPerPumpDay(spec.hop())));
    }
    Comparator<Candidate> byFalseAlarms =
        Comparator.comparingDouble(Candidate::falseAlarmsPerPumpDay);
    Comparator<Candidate> rule =
        truth == null
            ? byFalseAlarms
            : Comparator.comparingDouble(
                    (Candidate c) -> Double.isNaN(c.validation().f1()) ? 0 : -c.validation().f1())
                .thenComparing(byFalseAlarms);
    Candidate best = candidates.stream().min(rule).orElseThrow(); // min keeps the first of equals
    ModelFamily chosen = families.get(candidates.indexOf(best));
    String reason =
        String.format(
            Locale.ROOT,
            "%s: %s on %d validation windows (%.2f pump-days)%s",
            best.family(),
            truth == null
                ? "fewest false alarms per pump-day"
                : "highest F1 over labelled and healthy windows",
            judged.size(),
            best.validation().normalPumpDays(spec.hop()),
            describe(candidates));
    return new Result(chosen, List.copyOf(candidates), reason);
  }

  private static String describe(List<Candidate> candidates) {
    StringBuilder text = new StringBuilder();
    for (Candidate c : candidates) {
      text.append("; ")
          .append(c.family())
          .append(' ')
          .append(format(c.falseAlarmsPerPumpDay()))
          .append("/pump-day");
      if (!Double.isNaN(c.validation().f1())) {
        text.append(", F1 ").append(format(c.validation().f1()));
      }
    }
    return text.toString();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
