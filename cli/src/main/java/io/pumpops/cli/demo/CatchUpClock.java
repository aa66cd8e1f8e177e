package io.pumpops.cli.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Event time for a demo that starts in the past: it runs {@code speedup} times faster than the wall
 * clock until it has caught up with it, then keeps pace. Hours of pump life play in minutes, and
 * nothing is ever stamped in the future, which ingest would refuse.
 *
 * <p>The first {@code quickSpan} of event time may run faster still ({@code quickSpeedup}): before
 * the first champion there is nothing to score and no drift to judge, only data for the bootstrap
 * to train on, so nothing is lost by playing it quickly.
 */
final class CatchUpClock extends Clock {

  private final Instant from;
  private final Duration quickSpan;
  private final long quickSpeedup;
  private final long speedup;
  private final Clock wall;
  private final long quickNanos;
  private final LongSupplier nanoTime;
  private final long startNanos;

  CatchUpClock(Instant from, Duration quickSpan, long quickSpeedup, long speedup, Clock wall) {
    this(from, quickSpan, quickSpeedup, speedup, wall, System::nanoTime);
  }

  /**
   * @param nanoTime the monotonic time source ({@link System#nanoTime()}; a test's own)
   */
  CatchUpClock(
      Instant from,
      Duration quickSpan,
      long quickSpeedup,
      long speedup,
      Clock wall,
      LongSupplier nanoTime) {
    if (speedup < 1 || quickSpeedup < 1 || quickSpan.isNegative()) {
      throw new IllegalArgumentException(
          "a catch-up clock needs speedups of at least 1 and a quick span of at least 0");
    }
    this.from = from;
    this.quickSpan = quickSpan;
    this.quickSpeedup = quickSpeedup;
    this.speedup = speedup;
    this.wall = wall;
    this.quickNanos = quickSpan.toNanos() / quickSpeedup;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  @Override
  public Instant instant() {
    long elapsed = nanoTime.getAsLong() - startNanos;
    Instant accelerated =
        elapsed <= quickNanos
            ? from.plusNanos(elapsed * quickSpeedup)
            : from.plus(quickSpan).plusNanos((elapsed - quickNanos) * speedup);
    Instant now = wall.instant();
    return accelerated.isAfter(now) ? now : accelerated;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
