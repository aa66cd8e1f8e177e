package io.pumpops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatchUpClockTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Instant FROM = NOW.minus(Duration.ofHours(8));
  private static final Clock WALL = Clock.fixed(NOW, ZoneOffset.UTC);

  private final AtomicLong nanos = new AtomicLong(1_000);

  private void wallSecondsPass(long seconds) {
    nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
  }

  @Test
  void theQuickSpanPlaysFasterThenTheClockRunsAtItsSpeedupUntilItCatchesUp() {
    CatchUpClock clock = new CatchUpClock(FROM, Duration.ofHours(3), 240, 60, WALL, nanos::get);
    assertThat(clock.instant()).isEqualTo(FROM);

    wallSecondsPass(45); // three hours at 240x
    assertThat(clock.instant()).isEqualTo(FROM.plus(Duration.ofHours(3)));

    wallSecondsPass(60); // one more hour at 60x
    assertThat(clock.instant()).isEqualTo(FROM.plus(Duration.ofHours(4)));

    wallSecondsPass(3_600); // far past the wall clock: never ahead of it
    assertThat(clock.instant()).isEqualTo(NOW);
  }

  @Test
  void withoutAQuickSpanItRunsAtOneSpeedup() {
    CatchUpClock clock = new CatchUpClock(FROM, Duration.ZERO, 240, 60, WALL, nanos::get);
    wallSecondsPass(30);
    assertThat(clock.instant()).isEqualTo(FROM.plus(Duration.ofMinutes(30)));
  }

  @Test
  void aSpeedupBelowOneIsRefused() {
    assertThatThrownBy(() -> new CatchUpClock(FROM, Duration.ZERO, 1, 0, WALL, nanos::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("speedups of at least 1");
  }
}
