package io.taskbus.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * A job to enqueue: a task name, its arguments and Minion's options. Validation of user input
 * happens in {@code queue.JobRequest}; this record only holds sane values.
 */
public record NewJob(
    String task,
    JsonArray args,
    String queue,
    int priority,
    int attempts,
    Duration delay,
    List<Long> parents,
    boolean lax,
    JsonObject notes,
    Duration expire) {

  public static final String DEFAULT_QUEUE = "default";

  public NewJob {
    if (task == null || task.isEmpty()) {
      throw new IllegalArgumentException("task must be a non-empty string");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if ((delay != null && delay.isNegative())
        || (expire != null && (expire.isNegative() || expire.isZero()))) {
      throw new IllegalArgumentException("delay must not be negative and expire must be positive");
    }
    args = args == null ? new JsonArray() : args;
    queue = queue == null ? DEFAULT_QUEUE : queue;
    delay = delay == null ? Duration.ZERO : delay;
    parents = parents == null ? List.of() : List.copyOf(parents);
    notes = notes == null ? new JsonObject() : notes;
  }

  /** A job with default options, for code that embeds Taskbus. */
  public static NewJob of(String task, Object... args) {
    return new NewJob(
        task, new JsonArray(List.of(args)), null, 0, 1, null, null, false, null, null);
  }

  public NewJob withQueue(String queue) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withPriority(int priority) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withAttempts(int attempts) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withDelay(Duration delay) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withParents(List<Long> parents, boolean lax) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withNotes(JsonObject notes) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }

  public NewJob withExpire(Duration expire) {
    return new NewJob(task, args, queue, priority, attempts, delay, parents, lax, notes, expire);
  }
}
