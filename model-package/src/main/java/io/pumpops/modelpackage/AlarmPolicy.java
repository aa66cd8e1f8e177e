package io.pumpops.modelpackage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When a gateway turns a pump's window verdicts into an alarm: it opens once {@code openAfter} of
 * the last {@code ofLast} windows were anomalous, escalates to critical once a window scores {@code
 * criticalFactor} times the threshold, and closes after {@code closeAfter} normal windows in a row.
 * Chosen at training, recorded in the model's lineage and carried in its package, so an alarm rule
 * is versioned and rolled out with the model it belongs to.
 */
public record AlarmPolicy(int openAfter, int ofLast, int closeAfter, double criticalFactor) {

  /** Lineage's trainingConfig keys. */
  static final String OPEN_AFTER = "alarm.openAfter";

  static final String OF_LAST = "alarm.ofLast";
  static final String CLOSE_AFTER = "alarm.closeAfter";
  static final String CRITICAL_FACTOR = "alarm.criticalFactor";

  public AlarmPolicy {
    if (openAfter < 1 || ofLast < openAfter || ofLast > 60) {
      throw new IllegalArgumentException(
          "an alarm opens after k of the last n windows with 1 <= k <= n <= 60, not "
              + openAfter
              + " of "
              + ofLast);
    }
    if (closeAfter < 1 || closeAfter > 60) {
      throw new IllegalArgumentException("closeAfter must be 1 to 60 windows, not " + closeAfter);
    }
    if (!(criticalFactor >= 1)) {
      throw new IllegalArgumentException(
          "criticalFactor must be at least 1, not " + criticalFactor);
    }
  }

  /**
   * Four of the last six one-minute windows open an alarm, five normal ones close it, critical at
   * three times the threshold. Chosen on validation fleets (seeds 101-120 of {@code pumpops bench
   * alarms}) by a rule fixed beforehand: the fewest false alarms per pump-day among the candidates
   * that alarm at least 90 % of injected faults within five minutes; bench/RESULTS.md has the
   * candidates and the figures on the separate test fleets.
   */
  public static AlarmPolicy defaults() {
    return new AlarmPolicy(4, 6, 5, 3.0);
  }

  /** Whether an alarm opens when {@code anomalous} of the last {@code ofLast} windows were. */
  public boolean opensWith(long anomalous) {
    return anomalous >= openAfter;
  }

  /** Whether an open alarm closes after {@code normalInARow} normal windows in a row. */
  public boolean closesAfter(int normalInARow) {
    return normalInARow >= closeAfter;
  }

  /**
   * Where alarms open in one pump's verdicts, window by window in time order, by the same rule as
   * the gateway's alarm tracker: the indices of the windows at which an alarm opens. This is how
   * training counts alarms (not anomalous windows) on data it holds out.
   */
  public List<Integer> openings(List<Boolean> verdicts) {
    List<Integer> openings = new ArrayList<>();
    boolean[] recent = new boolean[ofLast];
    long anomalousInRecent = 0;
    boolean open = false;
    int normalInARow = 0;
    for (int i = 0; i < verdicts.size(); i++) {
      boolean anomalous = verdicts.get(i);
      int slot = i % ofLast;
      anomalousInRecent += (anomalous ? 1 : 0) - (i >= ofLast && recent[slot] ? 1 : 0);
      recent[slot] = anomalous;
      if (!open) {
        if (opensWith(anomalousInRecent)) {
          open = true;
          normalInARow = 0;
          openings.add(i);
        }
      } else if (anomalous) {
        normalInARow = 0;
      } else if (closesAfter(++normalInARow)) {
        open = false;
      }
    }
    return openings;
  }

  /** {@code k/n/close/critical}, for example {@code 3/5/5/3.0}. */
  public static AlarmPolicy parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "an alarm policy is openAfter/ofLast/closeAfter/criticalFactor, for example"
              + " 3/5/5/3.0, not '"
              + text
              + "'");
    }
    return new AlarmPolicy(
        Integer.parseInt(parts[0]),
        Integer.parseInt(parts[1]),
        Integer.parseInt(parts[2]),
        Double.parseDouble(parts[3]));
  }

  /**
   * The policy a lineage's trainingConfig records, or the defaults for a model trained before it
   * did.
   */
  public static AlarmPolicy fromConfig(Map<String, String> config) {
    if (config == null || !config.containsKey(OPEN_AFTER)) {
      return defaults();
    }
    return new AlarmPolicy(
        Integer.parseInt(config.get(OPEN_AFTER)),
        Integer.parseInt(config.get(OF_LAST)),
        Integer.parseInt(config.get(CLOSE_AFTER)),
        Double.parseDouble(config.get(CRITICAL_FACTOR)));
  }

  public Map<String, String> asConfig() {
    Map<String, String> config = new TreeMap<>();
    config.put(OPEN_AFTER, Integer.toString(openAfter));
    config.put(OF_LAST, Integer.toString(ofLast));
    config.put(CLOSE_AFTER, Integer.toString(closeAfter));
    config.put(CRITICAL_FACTOR, Double.toString(criticalFactor));
    return config;
  }

  @Override
  public String toString() {
    return openAfter + "/" + ofLast + "/" + closeAfter + "/" + criticalFactor;
  }
}
