package io.taskbus.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** A registered worker, with the jobs it is running now. */
public record Worker(
    long id,
    String host,
    long pid,
    JsonObject status,
    Instant started,
    Instant notified,
    List<Long> jobs) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("host", host)
        .put("pid", pid)
        .put("status", status)
        .put("started", started.toString())
        .put("notified", notified.toString())
        .put("jobs", new JsonArray(List.copyOf(jobs)));
  }
}
