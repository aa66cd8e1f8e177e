package io.pumpops.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  @Test
  void lagThatKeepsClimbingIsGrowingWhileLagThatHoversIsNot() {
    List<Long> climbing = List.of(100L, 2_000L, 4_000L, 6_000L, 8_000L, 10_000L, 12_000L, 14_000L);
    List<Long> hovering = List.of(800L, 200L, 1_300L, 400L, 900L, 1_100L, 300L, 700L);
    // A minute's windows closing at once: a burst that drains before the next.
    List<Long> bursts = List.of(100L, 48_000L, 8_000L, 2_000L, 100L, 50_000L, 9_000L, 600L);

    assertThat(ConsumerLag.growing(climbing, 1_000)).isTrue();
    assertThat(ConsumerLag.growing(hovering, 1_000)).isFalse();
    assertThat(ConsumerLag.growing(bursts, 1_000)).isFalse();
    assertThat(ConsumerLag.growing(climbing.subList(0, 5), 1_000))
        .as("too few samples to call a trend")
        .isFalse();
  }

  @Test
  void thisProcessHasUsedSomeCpu() {
    double seconds = ProcessCpu.seconds(ProcessHandle.current().pid());
    // Linux only; elsewhere the figure is NaN and the benchmark prints it as such.
    if (!Double.isNaN(seconds)) {
      assertThat(seconds).isPositive();
    }
    assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).isNaN();
  }
}
