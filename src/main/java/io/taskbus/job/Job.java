package io.taskbus.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** Everything known about one job, as stored. */
public record Job(
    long id,
    String task,
    String queue,
    JobState state,
    JsonArray args,
    Object result,
    JsonObject notes,
    int priority,
    int attempts,
    int retries,
    List<Long> parents,
    List<Long> children,
    boolean lax,
    Long worker,
    Instant created,
    Instant delayed,
    Instant started,
    Instant finished,
    Instant retried,
    Instant expires) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("task", task)
        .put("queue", queue)
        .put("state", state.wireName())
        .put("args", args)
        .put("result", result)
        .put("notes", notes)
        .put("priority", priority)
        .put("attempts", attempts)
        .put("retries", retries)
        .put("parents", new JsonArray(List.copyOf(parents)))
        .put("children", new JsonArray(List.copyOf(children)))
        .put("lax", lax)
        .put("worker", worker)
        .put("created", text(created))
        .put("delayed", text(delayed))
        .put("started", text(started))
        .put("finished", text(finished))
        .put("retried", text(retried))
        .put("expires", text(expires));
  }

  public static Job fromJson(JsonObject json) {
    return new Job(
        json.getLong("id"),
        json.getString("task"),
        json.getString("queue"),
        JobState.fromWire(json.getString("state")),
        json.getJsonArray("args"),
        json.getValue("result"),
        json.getJsonObject("notes"),
        json.getInteger("priority"),
        json.getInteger("attempts"),
        json.getInteger("retries"),
        longs(json.getJsonArray("parents")),
        longs(json.getJsonArray("children")),
        json.getBoolean("lax", false),
        json.getLong("worker"),
        instant(json.getString("created")),
        instant(json.getString("delayed")),
        instant(json.getString("started")),
        instant(json.getString("finished")),
        instant(json.getString("retried")),
        instant(json.getString("expires")));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static List<Long> longs(JsonArray array) {
    return array == null ? List.of() : array.stream().map(v -> ((Number) v).longValue()).toList();
  }
}
