package io.taskbus.queue;

import io.taskbus.job.Job;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a running task sees of its job, and how it reports progress. */
public interface JobContext {
  Job job();

  default long id() {
    return job().id();
  }

  default JsonArray args() {
    return job().args();
  }

  /** Merges {@code changes} into the job's notes (a null value removes its key). */
  Future<Boolean> note(JsonObject changes);

  /** True once someone asked to stop this job; long tasks should check it and return early. */
  boolean stopRequested();
}
