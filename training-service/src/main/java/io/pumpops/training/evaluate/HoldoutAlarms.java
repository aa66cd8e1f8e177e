package io.pumpops.training.evaluate;

import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.AlarmPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an operator would have seen of a model on windows it did not fit: the alarms its verdicts
 * open under the model's {@link AlarmPolicy} (the gateway's rule), pump by pump in time order,
 * rather than its anomalous windows. An alarm that opens on a normal window is a false alarm; a
 * labelled fault (a run of a pump's consecutive labelled windows) is caught when an alarm opens
 * during it.
 *
 * @param falseAlarms alarms opened on windows labelled (or presumed) normal
 * @param normalPumpDays the pump time the normal windows stand for (one hop each)
 * @param faults labelled faults among the windows (0 without labels)
 * @param faultsAlarmed those during which an alarm opened
 */
public record HoldoutAlarms(int falseAlarms, double normalPumpDays, int faults, int faultsAlarmed) {

  /** One judged window: the model's verdict and, where labels exist, the truth. */
  public record Judged(PumpWindows.Row row, boolean anomalous, boolean labelledAnomalous) {}

  public static HoldoutAlarms of(List<Judged> windows, AlarmPolicy policy, Duration hop) {
    Map<String, List<Judged>> byPump = new TreeMap<>();
    windows.forEach(w -> byPump.computeIfAbsent(w.row().pumpId(), p -> new ArrayList<>()).add(w));
    int falseAlarms = 0;
    long normalWindows = 0;
    int faults = 0;
    int faultsAlarmed = 0;
    for (List<Judged> pump : byPump.values()) {
      pump.sort(Comparator.comparingLong(w -> w.row().windowStartMillis()));
      List<Integer> openings = policy.openings(pump.stream().map(Judged::anomalous).toList());
      boolean[] opensHere = new boolean[pump.size()];
      for (int i : openings) {
        opensHere[i] = true;
        falseAlarms += pump.get(i).labelledAnomalous() ? 0 : 1;
      }
      boolean alarmedInFault = false;
      for (int i = 0; i < pump.size(); i++) {
        boolean labelled = pump.get(i).labelledAnomalous();
        normalWindows += labelled ? 0 : 1;
        boolean startsFault = labelled && (i == 0 || !pump.get(i - 1).labelledAnomalous());
        if (startsFault) {
          faults++;
          alarmedInFault = false;
        }
        if (labelled && opensHere[i] && !alarmedInFault) {
          alarmedInFault = true;
          faultsAlarmed++;
        }
      }
    }
    double pumpDays = normalWindows * (double) hop.toMillis() / Duration.ofDays(1).toMillis();
    return new HoldoutAlarms(falseAlarms, pumpDays, faults, faultsAlarmed);
  }

  /** False alarms per pump-day of normal hold-out windows; NaN when there were none. */
  public double falseAlarmsPerPumpDay() {
    return normalPumpDays == 0 ? Double.NaN : falseAlarms / normalPumpDays;
  }

  /** The figures, named with {@code prefix}, for training-run records and the registry. */
  public Map<String, Double> asMap(String prefix) {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put(prefix + "alarms.false", (double) falseAlarms);
    map.put(prefix + "alarms.normalPumpDays", normalPumpDays);
    if (Double.isFinite(falseAlarmsPerPumpDay())) {
      map.put(prefix + "alarms.falsePerPumpDay", falseAlarmsPerPumpDay());
    }
    if (faults > 0) {
      map.put(prefix + "alarms.faults", (double) faults);
      map.put(prefix + "alarms.faultsAlarmed", (double) faultsAlarmed);
    }
    return map;
  }
}
