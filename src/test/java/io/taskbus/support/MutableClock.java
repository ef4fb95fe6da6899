package io.taskbus.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock that tests move by hand, so delays and expiry are tested without sleeping. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  public MutableClock() {
    this(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
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
