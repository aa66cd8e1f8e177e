package io.pumpops.bench.evaluate;

import io.pumpops.simulator.SkabRecording;
import java.util.List;

/**
 * Another detector's verdicts as an operator's alarm would turn them: the alarm starts once {@code
 * readings} verdicts in a row say anomaly and stops once as many in a row say normal. A lone
 * reading near the control limits then no longer starts and stops an alarm, which is what the
 * changepoint (NAB) score punishes. It looks only at earlier verdicts, as a live stream can; the
 * price is up to {@code readings - 1} readings of delay at each end of a fault.
 */
public final class DebouncedDetector implements Detector {

  private final Detector inner;
  private final int readings;

  public DebouncedDetector(Detector inner, int readings) {
    if (readings < 1) {
      throw new IllegalArgumentException("debounce over at least 1 reading, not " + readings);
    }
    this.inner = inner;
    this.readings = readings;
  }

  @Override
  public String name() {
    return inner.name() + "+debounce" + readings;
  }

  @Override
  public String description() {
    return inner.description()
        + ", as an alarm that starts after "
        + readings
        + " anomalous verdicts in a row and "
        + "stops after "
        + readings
        + " normal ones";
  }

  @Override
  public boolean[] detect(List<SkabRecording.Row> rows, int trainRows) {
    return debounce(inner.detect(rows, trainRows), readings);
  }

  static boolean[] debounce(boolean[] verdicts, int readings) {
    boolean[] alarm = new boolean[verdicts.length];
    boolean on = false;
    int run = 0;
    for (int i = 0; i < verdicts.length; i++) {
      // run counts the verdicts in a row that disagree with the alarm's current state
      run = verdicts[i] != on ? run + 1 : 0;
      if (run >= readings) {
        on = !on;
        run = 0;
      }
      alarm[i] = on;
    }
    return alarm;
  }
}
