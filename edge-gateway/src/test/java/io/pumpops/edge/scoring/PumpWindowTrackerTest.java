package io.pumpops.edge.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PumpWindowTrackerTest {

  private static final long MINUTE = 60_000;
  private static final Map<String, Double> CHANNELS = Map.of("pressure", 5.0);

  @Test
  void aLaterWindowClosesTheOpenOneAndThePumpsFirstPartialWindowIsNotScored() {
    PumpWindowTracker tracker = new PumpWindowTracker(FeatureSpec.PUMP_V1);
    assertThat(tracker.add("p1", 1, 10 * MINUTE + 30_000, CHANNELS, 0)).isEmpty();
    assertThat(tracker.add("p1", 2, 11 * MINUTE, CHANNELS, 0)).as("first, partial").isEmpty();
    assertThat(tracker.add("p1", 3, 11 * MINUTE + 20_000, CHANNELS, 0)).isEmpty();
    List<PumpWindowTracker.Closed> closed = tracker.add("p1", 4, 12 * MINUTE, CHANNELS, 0);
    assertThat(closed)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.windowStartMillis()).isEqualTo(11 * MINUTE);
              assertThat(w.windowEndMillis()).isEqualTo(12 * MINUTE);
              assertThat(w.aggregate().readings()).isEqualTo(2);
            });
    assertThat(tracker.add("p1", 4, 13 * MINUTE, CHANNELS, 0)).as("redelivered seq").isEmpty();
  }

  @Test
  void aHoppingSpecIsRefusedRatherThanScoredAsTumbling() {
    FeatureSpec hopping =
        new FeatureSpec(
            "hopping",
            Duration.ofMinutes(2),
            Duration.ofMinutes(1),
            FeatureSpec.PUMP_V1.channels(),
            FeatureSpec.PUMP_V1.statistics(),
            FeatureSpec.PUMP_V1.crossFeatures());
    assertThatThrownBy(() -> new PumpWindowTracker(hopping))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hopping")
        .hasMessageContaining("tumbling");
  }
}
