package io.pumpops.cli.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Event time for a demo that starts in the past: it runs {@code speedup} times faster than the wall
 * clock until it has caught up with it, then keeps pace. Hours of pump life play in minutes, and
 * nothing is ever stamped in the future, which ingest would refuse.
 */
final class CatchUpClock extends Clock {

  private final Instant from;
  private final long speedup;
  private final Clock wall;
  private final long startNanos = System.nanoTime();

  CatchUpClock(Instant from, long speedup, Clock wall) {
    this.from = from;
    this.speedup = speedup;
    this.wall = wall;
  }

  @Override
  public Instant instant() {
    Instant accelerated = from.plusNanos((System.nanoTime() - startNanos) * speedup);
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
