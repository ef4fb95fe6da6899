package io.taskbus.job;

import java.time.Duration;
import java.util.List;

/** Changes applied when a job is retried; null keeps the job's current value. */
public record RetryOptions(
    Duration delay,
    Integer attempts,
    Integer priority,
    String queue,
    List<Long> parents,
    Boolean lax,
    Duration expire) {

  public static final RetryOptions NONE =
      new RetryOptions(null, null, null, null, null, null, null);
}
