package io.taskbus.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of a job listing, and how many jobs match in all. */
public record JobPage(List<Job> jobs, long total) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("jobs", new JsonArray(jobs.stream().map(Job::toJson).toList()))
        .put("total", total);
  }
}
