package io.taskbus.queue;

/** Event bus addresses of the job queue; each body is JSON. */
public final class Addresses {
  /**
   * Request {job fields}, {"jobs": [...]} or an {@link EnqueueBatch}; reply {"id"} or {"ids"};
   * fails 400 on bad input (the failure message is the JSON error), 503 when the store is down.
   */
  public static final String ENQUEUE = "taskbus.enqueue";

  /** Request {"worker", "queues", "tasks", "limit"}; reply a {@link JobBatch}. */
  public static final String DISPATCH = "taskbus.dispatch";

  /** Published (no body) when jobs may have become ready; idle executors ask for work. */
  public static final String JOBS_READY = "taskbus.jobs.ready";

  private Addresses() {}
}
