package io.taskbus.job;

import java.time.Duration;

/** How long a failed job waits before its next attempt. */
@FunctionalInterface
public interface Backoff {
  Duration delay(int retries);

  /** Minion's default: {@code 15 + retries^4} seconds. */
  Backoff MINION = retries -> Duration.ofSeconds(15 + (long) Math.pow(retries, 4));
}
