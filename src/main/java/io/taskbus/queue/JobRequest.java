package io.taskbus.queue;

import io.taskbus.job.NewJob;
import io.taskbus.job.RetryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The wire form of an enqueue or retry request. Durations are seconds (fractions allowed), as in
 * Minion: {@code {"task", "args", "queue", "priority", "delay", "attempts", "parents", "lax",
 * "notes", "expire"}}.
 */
public final class JobRequest {
  static final Set<String> JOB_FIELDS =
      Set.of(
          "task",
          "args",
          "queue",
          "priority",
          "delay",
          "attempts",
          "parents",
          "lax",
          "notes",
          "expire");
  static final Set<String> RETRY_FIELDS =
      Set.of("retries", "queue", "priority", "delay", "attempts", "parents", "lax", "expire");
  public static final int MAX_BATCH = 10_000;

  private JobRequest() {}

  public static NewJob parse(JsonObject json) {
    return parse(json, "");
  }

  static NewJob parse(JsonObject json, String prefix) {
    JsonFields f = new JsonFields(json, prefix, JOB_FIELDS);
    if (!f.has("task")) {
      throw new ValidationException(
          prefix + "task", prefix + "task is required: the name of the task to run");
    }
    return new NewJob(
        f.string("task", null),
        f.array("args", new JsonArray()),
        f.string("queue", NewJob.DEFAULT_QUEUE),
        f.integer("priority", 0, Integer.MIN_VALUE),
        f.integer("attempts", 1, 1),
        f.seconds("delay", null, false),
        f.ids("parents", List.of()),
        f.bool("lax", false),
        f.object("notes", new JsonObject()),
        f.seconds("expire", null, true));
  }

  /** One job, or a batch as {@code {"jobs": [...]}} or a bare array. */
  public static List<NewJob> parseMany(Object body) {
    JsonArray array;
    if (body instanceof JsonObject object && object.containsKey("jobs") && object.size() == 1) {
      if (!(object.getValue("jobs") instanceof JsonArray jobs)) {
        throw new ValidationException("jobs", "jobs must be an array of job objects");
      }
      array = jobs;
    } else if (body instanceof JsonArray jobs) {
      array = jobs;
    } else if (body instanceof JsonObject object) {
      return List.of(parse(object));
    } else {
      throw new ValidationException("", "the body must be a JSON object describing a job");
    }
    if (array.isEmpty() || array.size() > MAX_BATCH) {
      throw new ValidationException(
          "jobs", "a batch must hold between 1 and " + MAX_BATCH + " jobs, got " + array.size());
    }
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject job)) {
        throw new ValidationException("jobs[" + i + "]", "jobs[" + i + "] must be a JSON object");
      }
      jobs.add(parse(job, "jobs[" + i + "]."));
    }
    return jobs;
  }

  public static JsonObject toJson(NewJob job) {
    JsonObject json =
        new JsonObject()
            .put("task", job.task())
            .put("args", job.args())
            .put("queue", job.queue())
            .put("priority", job.priority())
            .put("attempts", job.attempts())
            .put("parents", new JsonArray(job.parents()))
            .put("lax", job.lax())
            .put("notes", job.notes());
    if (!job.delay().isZero()) {
      json.put("delay", job.delay().toMillis() / 1000.0);
    }
    if (job.expire() != null) {
      json.put("expire", job.expire().toMillis() / 1000.0);
    }
    return json;
  }

  /** Options of a manual retry; {@code retries}, if given, guards against retrying twice. */
  public record Retry(Integer retries, RetryOptions options) {}

  public static Retry parseRetry(JsonObject json) {
    JsonFields f = new JsonFields(json, "", RETRY_FIELDS);
    return new Retry(
        f.integer("retries", null, 0),
        new RetryOptions(
            f.seconds("delay", null, false),
            f.integer("attempts", null, 1),
            f.integer("priority", null, Integer.MIN_VALUE),
            f.string("queue", null),
            f.ids("parents", null),
            f.bool("lax", null),
            f.seconds("expire", null, true)));
  }
}
