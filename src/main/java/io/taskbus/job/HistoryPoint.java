package io.taskbus.job;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Jobs that finished or failed in the hour starting at {@code hour}. */
public record HistoryPoint(Instant hour, long finishedJobs, long failedJobs) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("hour", hour.toString())
        .put("finished_jobs", finishedJobs)
        .put("failed_jobs", failedJobs);
  }
}
