package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  @Test
  void withALimitItKeepsTheSmallestRanksWhateverTheOrderOfTheReadings() {
    List<long[]> readings = new ArrayList<>(); // pump, seq, time
    for (int pump = 0; pump < 20; pump++) {
      for (long t = T0 + 20_000 * pump; t < T0 + 30 * MINUTE; t += 5_000) {
        readings.add(new long[] {pump, (t - T0) / 5_000, t});
      }
    }
    int limit = 100;
    PumpWindows inOrder = fill(new PumpWindows(FeatureSpec.PUMP_V1, limit), readings);
    Collections.shuffle(readings, new Random(11));
    PumpWindows shuffled = fill(new PumpWindows(FeatureSpec.PUMP_V1, limit), readings);
    PumpWindows all = fill(new PumpWindows(FeatureSpec.PUMP_V1), readings);

    // Brute force: rank every window, keep the limit smallest, leave out each pump's edges.
    List<String> every =
        new ArrayList<>(
            new TreeSet<>(
                readings.stream()
                    .map(r -> "pump-" + r[0] + "@" + (r[2] - r[2] % MINUTE))
                    .toList()));
    every.sort(
        Comparator.comparingLong(
                (String w) -> PumpWindows.rank(w.split("@")[0], Long.parseLong(w.split("@")[1])))
            .thenComparing(w -> w));
    Set<String> sample = new HashSet<>(every.subList(0, limit));
    List<String> expected =
        all.completeRows().stream()
            .map(r -> r.pumpId() + "@" + r.windowStartMillis())
            .filter(sample::contains)
            .toList();

    assertThat(expected).hasSizeBetween(60, limit); // the sample is a real subset of the 560 rows
    assertThat(keys(inOrder)).containsExactlyElementsOf(expected);
    assertThat(keys(shuffled)).containsExactlyElementsOf(expected);
    Map<String, double[]> allFeatures = new TreeMap<>();
    all.completeRows()
        .forEach(r -> allFeatures.put(r.pumpId() + "@" + r.windowStartMillis(), r.features()));
    for (PumpWindows.Row row : shuffled.completeRows()) {
      assertThat(row.features())
          .containsExactly(allFeatures.get(row.pumpId() + "@" + row.windowStartMillis()));
    }
    assertThat(inOrder.readingsOutsideSample()).isPositive();
  }

  @Test
  void aLimitAboveTheWindowsChangesNothing() {
    List<long[]> readings = new ArrayList<>();
    for (int pump = 0; pump < 3; pump++) {
      for (long t = T0; t < T0 + 10 * MINUTE; t += 1_000) {
        readings.add(new long[] {pump, t, t});
      }
    }
    PumpWindows limited = fill(new PumpWindows(FeatureSpec.PUMP_V1, 30), readings);
    PumpWindows all = fill(new PumpWindows(FeatureSpec.PUMP_V1), readings);

    assertThat(keys(limited)).isEqualTo(keys(all)).hasSize(3 * 8);
    assertThat(limited.readingsOutsideSample()).isZero();
  }

  private static PumpWindows fill(PumpWindows windows, List<long[]> readings) {
    for (long[] r : readings) {
      windows.add("pump-" + r[0], r[1], r[2], Map.of("pressure", 1.0 + r[2] % 7_000 / 1e3));
    }
    return windows;
  }

  private static List<String> keys(PumpWindows windows) {
    return windows.completeRows().stream()
        .map(r -> r.pumpId() + "@" + r.windowStartMillis())
        .toList();
  }
}
