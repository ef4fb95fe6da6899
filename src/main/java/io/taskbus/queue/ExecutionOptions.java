package io.taskbus.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a worker runs: which queues it serves, how many jobs at once, how often it heartbeats and
 * polls (a fallback; it is woken on new work), how long a graceful stop waits for jobs, and the
 * folder where results wait on disk while the store cannot take them.
 */
public record ExecutionOptions(
    List<String> queues,
    int jobs,
    Duration heartbeatInterval,
    Duration pollInterval,
    Duration shutdownGrace,
    Path spool) {

  public ExecutionOptions {
    queues = List.copyOf(queues);
    if (jobs < 0) {
      throw new IllegalArgumentException("jobs must be zero or more, got " + jobs);
    }
  }
}
