package io.pumpops.edge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ScoringStatsTest {

  private final ScoringStats stats = new ScoringStats(new SimpleMeterRegistry());

  @Test
  void anIntervalCountsWhatItsModelScored() {
    stats.scored("v1", 0.2, false);
    stats.scored("v1", 0.4, true);
    stats.error("v1", "boom");

    ScoringStats.Interval interval = stats.takeInterval("v1");

    assertThat(interval.scored()).isEqualTo(2);
    assertThat(interval.anomalies()).isEqualTo(1);
    assertThat(interval.errors()).isEqualTo(1);
    assertThat(interval.p99Millis()).isEqualTo(0.4);
    assertThat(stats.takeInterval("v1").scored()).isZero();
  }

  @Test
  void windowsTheOutgoingModelScoredAreNotCountedForItsSuccessor() {
    // After a drift the outgoing champion flags everything; the new one must not inherit that.
    for (int i = 0; i < 20; i++) {
      stats.scored("v1", 0.3, true);
    }
    stats.scored("v2", 0.3, false);
    stats.scored("v2", 0.3, true);

    ScoringStats.Interval interval = stats.takeInterval("v2");

    assertThat(interval.scored()).isEqualTo(2);
    assertThat(interval.anomalies()).isEqualTo(1);
    assertThat(stats.totalScored()).isEqualTo(22);
  }

  @Test
  void aHeartbeatRightAfterASwapReportsNothingYetForTheNewModel() {
    stats.scored("v1", 0.3, true);

    ScoringStats.Interval interval = stats.takeInterval("v2");

    assertThat(interval.scored()).isZero();
    assertThat(interval.anomalies()).isZero();
    assertThat(interval.p50Millis()).isNull();
  }
}
