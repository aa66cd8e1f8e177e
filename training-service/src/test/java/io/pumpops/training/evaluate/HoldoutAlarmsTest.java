package io.pumpops.training.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.AlarmPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutAlarmsTest {

  private static final Duration HOP = Duration.ofMinutes(1);
  private static final AlarmPolicy POLICY = new AlarmPolicy(3, 5, 2, 3.0);

  /** One pump's windows a minute apart: verdicts and labels as strings of '.', 'x' and 'L'. */
  private static List<HoldoutAlarms.Judged> pump(String pumpId, String verdicts, String labels) {
    List<HoldoutAlarms.Judged> windows = new ArrayList<>();
    for (int i = 0; i < verdicts.length(); i++) {
      windows.add(
          new HoldoutAlarms.Judged(
              new PumpWindows.Row(pumpId, i * HOP.toMillis(), new double[] {i}),
              verdicts.charAt(i) == 'x',
              labels.charAt(i) == 'L'));
    }
    return windows;
  }

  @Test
  void alarmsNotWindowsAreCountedPumpByPumpInTimeOrder() {
    List<HoldoutAlarms.Judged> windows = new ArrayList<>();
    // pump-a: one burst of anomalous windows (one alarm), then a lone one (no alarm).
    windows.addAll(pump("pump-a", "..xxxxxx.....x....", ".................."));
    // pump-b: anomalous windows scattered in between the other pump's: no alarm of its own.
    windows.addAll(pump("pump-b", "x...x...x...x...x.", ".................."));
    java.util.Collections.reverse(windows); // the order they arrive in must not matter

    HoldoutAlarms alarms = HoldoutAlarms.of(windows, POLICY, HOP);

    assertThat(alarms.falseAlarms()).isEqualTo(1);
    assertThat(alarms.normalPumpDays()).isEqualTo(36.0 / (24 * 60));
    assertThat(alarms.falseAlarmsPerPumpDay()).isEqualTo(40.0);
    assertThat(alarms.faults()).isZero();
    assertThat(alarms.asMap("holdout."))
        .containsEntry("holdout.alarms.false", 1.0)
        .doesNotContainKey("holdout.alarms.faults");
  }

  @Test
  void aLabelledFaultIsCaughtWhenAnAlarmOpensDuringIt() {
    List<HoldoutAlarms.Judged> windows = new ArrayList<>();
    windows.addAll(pump("pump-a", "....xxxx......", "....LLLLLL...."));
    windows.addAll(pump("pump-b", "....x.........", "....LLLLLL...."));

    HoldoutAlarms alarms = HoldoutAlarms.of(windows, POLICY, HOP);

    assertThat(alarms.faults()).isEqualTo(2);
    assertThat(alarms.faultsAlarmed()).isEqualTo(1);
    assertThat(alarms.falseAlarms()).isZero();
    assertThat(alarms.asMap("x.")).containsEntry("x.alarms.faultsAlarmed", 1.0);
  }
}
