package io.taskbus.job;

import io.vertx.core.json.JsonObject;

/** Counts across the whole store, as Minion's {@code stats}. */
public record Stats(
    long inactiveJobs,
    long delayedJobs,
    long activeJobs,
    long finishedJobs,
    long failedJobs,
    long enqueuedJobs,
    long activeWorkers,
    long inactiveWorkers,
    long activeLocks) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("inactive_jobs", inactiveJobs)
        .put("delayed_jobs", delayedJobs)
        .put("active_jobs", activeJobs)
        .put("finished_jobs", finishedJobs)
        .put("failed_jobs", failedJobs)
        .put("enqueued_jobs", enqueuedJobs)
        .put("active_workers", activeWorkers)
        .put("inactive_workers", inactiveWorkers)
        .put("active_locks", activeLocks);
  }
}
