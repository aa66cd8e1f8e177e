package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PumpWindowsTest {

  private static final long MINUTE = 60_000;
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z, a window boundary

  @Test
  void windowsAreEpochAlignedPerPumpAndTheCutEdgesAreLeftOut() {
    PumpWindows windows = new PumpWindows(FeatureSpec.PUMP_V1);
    WindowAggregate expected = new WindowAggregate();
    // pump-a from mid-window 0 to mid-window 3: windows 1 and 2 are complete.
    for (long t = T0 + 30_000; t < T0 + 3 * MINUTE + 30_000; t += 1000) {
      Map<String, Double> channels = Map.of("pressure", 1.0 + (t - T0) / 1e6);
      windows.add("pump-a", t, t, channels);
      if (t >= T0 + MINUTE && t < T0 + 2 * MINUTE) {
        expected.add(t, channels);
      }
    }
    windows.add("pump-b", 1, T0 + MINUTE, Map.of("pressure", 2.0));

    List<PumpWindows.Row> rows = windows.completeRows();

    assertThat(rows).extracting(PumpWindows.Row::pumpId).containsExactly("pump-a", "pump-a");
    assertThat(rows)
        .extracting(PumpWindows.Row::windowStartMillis)
        .containsExactly(T0 + MINUTE, T0 + 2 * MINUTE);
    assertThat(rows.get(0).features()).containsExactly(expected.vector(FeatureSpec.PUMP_V1));
  }

  @Test
  void aRedeliveredReadingCountsOnceAsInFeatureStream() {
    PumpWindows windows = new PumpWindows(FeatureSpec.PUMP_V1);

    assertThat(windows.add("pump-a", 7, T0, Map.of("pressure", 1.0))).isTrue();
    assertThat(windows.add("pump-a", 7, T0, Map.of("pressure", 1.0))).isFalse();
    assertThat(windows.add("pump-b", 7, T0, Map.of("pressure", 1.0))).isTrue();
    assertThat(windows.duplicates()).isEqualTo(1);
  }
}
