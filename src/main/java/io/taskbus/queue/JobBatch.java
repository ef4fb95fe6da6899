package io.taskbus.queue;

import io.taskbus.job.Job;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Jobs handed out by dispatch in one reply. */
public record JobBatch(List<Job> jobs) {
  public JobBatch {
    jobs = List.copyOf(jobs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("jobs", new JsonArray(jobs.stream().map(Job::toJson).toList()));
  }

  public static JobBatch fromJson(JsonObject json) {
    return new JobBatch(
        json.getJsonArray("jobs").stream().map(j -> Job.fromJson((JsonObject) j)).toList());
  }

  static void registerCodec(Vertx vertx) {
    RecordCodec.register(vertx, JobBatch.class, JobBatch::toJson, JobBatch::fromJson);
  }
}
