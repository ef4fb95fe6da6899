package io.taskbus.job;

import io.vertx.core.json.JsonObject;

/** What one repair pass did. */
public record RepairReport(
    int missingWorkers, int abandonedJobs, int purgedJobs, int expiredJobs, int stuckJobs) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("missing_workers", missingWorkers)
        .put("abandoned_jobs", abandonedJobs)
        .put("purged_jobs", purgedJobs)
        .put("expired_jobs", expiredJobs)
        .put("stuck_jobs", stuckJobs);
  }
}
