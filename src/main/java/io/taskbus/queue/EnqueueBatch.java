package io.taskbus.queue;

import io.taskbus.job.NewJob;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Jobs enqueued from Java in one request; they were built in code, so they need no parsing. */
public record EnqueueBatch(List<NewJob> jobs) {
  public EnqueueBatch {
    jobs = List.copyOf(jobs);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("jobs", new JsonArray(jobs.stream().map(JobRequest::toJson).toList()));
  }

  public static EnqueueBatch fromJson(JsonObject json) {
    return new EnqueueBatch(JobRequest.parseMany(json));
  }

  public static void registerCodec(Vertx vertx) {
    RecordCodec.register(vertx, EnqueueBatch.class, EnqueueBatch::toJson, EnqueueBatch::fromJson);
  }
}
