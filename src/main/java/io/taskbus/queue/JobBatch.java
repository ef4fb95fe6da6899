package io.taskbus.queue;

import io.taskbus.job.Job;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Jobs handed out by dispatch in one reply, and how many it asked the store for: fewer than that
 * means the queues are drained. Dispatch may ask for less than a worker's free slots (its batch
 * limit), so the worker cannot tell a drained queue from its own request.
 */
public record JobBatch(List<Job> jobs, int limit) {
  public JobBatch {
    jobs = List.copyOf(jobs);
  }

  /** The store may hold more ready jobs: the batch came back as large as asked. */
  public boolean full() {
    return jobs.size() >= limit;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("jobs", new JsonArray(jobs.stream().map(Job::toJson).toList()))
        .put("limit", limit);
  }

  public static JobBatch fromJson(JsonObject json) {
    return new JobBatch(
        json.getJsonArray("jobs").stream().map(j -> Job.fromJson((JsonObject) j)).toList(),
        json.getInteger("limit"));
  }

  static void registerCodec(Vertx vertx) {
    RecordCodec.register(vertx, JobBatch.class, JobBatch::toJson, JobBatch::fromJson);
  }
}
