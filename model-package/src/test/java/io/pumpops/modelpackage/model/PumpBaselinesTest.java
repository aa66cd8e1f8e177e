package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpBaselinesTest {

  @Test
  void eachPumpWithEnoughWindowsHasItsOwnRowAndTheRestReadTheFleets() {
    List<String> pumps = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pumps.add("b");
      rows.add(new double[] {100 + (i % 2 == 0 ? 1 : -1)});
      pumps.add("a");
      rows.add(new double[] {10 + (i % 2 == 0 ? 1 : -1)});
    }
    pumps.add("rare");
    rows.add(new double[] {50});

    PumpBaselines baselines = PumpBaselines.fit(pumps, rows, 5);

    assertThat(baselines.pumpIds()).containsExactly("a", "b");
    assertThat(baselines.index("a")).isZero();
    assertThat(baselines.index("rare")).isEqualTo(2);
    assertThat(baselines.index("unknown")).isEqualTo(2);
    // 1 above pump a's mean is about one of its own spreads; the fleet would call it nothing.
    assertThat(baselines.apply("a", new double[] {11})[0]).isBetween(0.9, 1.0);
    assertThat(Math.abs(baselines.apply("unknown", new double[] {11})[0])).isLessThan(1.1);
    assertThat(baselines.mean()[2][0]).isBetween(54.7, 54.8);
  }

  @Test
  void theTableDoesNotDependOnTheRowsOrder() {
    List<String> pumps = List.of("x", "y", "x", "y", "x", "y");
    List<double[]> rows =
        List.of(
            new double[] {1},
            new double[] {5},
            new double[] {2},
            new double[] {6},
            new double[] {4},
            new double[] {9});
    List<String> reversedPumps = new ArrayList<>(pumps);
    List<double[]> reversedRows = new ArrayList<>(rows);
    Collections.reverse(reversedPumps);
    Collections.reverse(reversedRows);

    PumpBaselines forward = PumpBaselines.fit(pumps, rows, 3);
    PumpBaselines backward = PumpBaselines.fit(reversedPumps, reversedRows, 3);

    assertThat(backward.flatMean()).containsExactly(forward.flatMean());
    assertThat(backward.flatScale()).containsExactly(forward.flatScale());
    assertThat(PumpBaselines.indexFromMetadata(forward.metadataValue()))
        .containsEntry("x", 0)
        .containsEntry("y", 1)
        .hasSize(2);
  }

  @Test
  void aPumpIsNeverJudgedTighterThanAHundredthOfTheFleetsSpread() {
    List<String> pumps = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pumps.add("steady");
      rows.add(new double[] {32.0 + (i == 7 ? 1e-4 : 0)});
      pumps.add("busy");
      rows.add(new double[] {100 + 10 * Math.sin(i)});
    }

    PumpBaselines baselines = PumpBaselines.fit(pumps, rows, 5);

    double fleetScale = baselines.scale()[2][0];
    assertThat(baselines.scale()[baselines.index("steady")][0])
        .isEqualTo(PumpBaselines.SPREAD_FLOOR * fleetScale);
    assertThat(baselines.apply("steady", new double[] {33.0})[0]).isLessThan(200);
  }

  @Test
  void clearRefusals() {
    assertThatThrownBy(() -> PumpBaselines.fit(List.of("a"), List.of(), 5))
        .hasMessageContaining("1 pump ids for 0 rows");
    assertThatThrownBy(() -> PumpBaselines.fit(List.of("a,b"), List.of(new double[] {1}), 5))
        .hasMessageContaining("comma");
    assertThatThrownBy(() -> PumpBaselines.fit(List.of("a"), List.of(new double[] {1}), 1))
        .hasMessageContaining("at least 2 windows");
  }
}
