package io.taskbus.job;

import java.util.List;

/** What a worker can take: jobs of these tasks on these queues, at most {@code limit}. */
public record DequeueRequest(long workerId, List<String> queues, List<String> tasks, int limit) {
  public DequeueRequest {
    queues = List.copyOf(queues);
    tasks = List.copyOf(tasks);
  }

  /** No queue, no task or no slot: nothing can match, so the store need not be asked. */
  public boolean asksForNothing() {
    return queues.isEmpty() || tasks.isEmpty() || limit <= 0;
  }
}
