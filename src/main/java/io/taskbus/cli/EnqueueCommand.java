package io.taskbus.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
    name = "enqueue",
    description = {
      "Enqueue a job and print its id.",
      "With --wait, wait for the job to finish and print it; the exit code is 1 if it failed."
    })
final class EnqueueCommand extends ClientCommand {
  @Parameters(index = "0", description = "The task name.")
  String task;

  @Parameters(
      index = "1",
      arity = "0..1",
      defaultValue = "[]",
      description = "Arguments as a JSON array (default: []).")
  String args;

  @Option(names = "--queue", description = "Queue (default: default).")
  String queue;

  @Option(names = "--priority", description = "Higher runs first (default: 0).")
  Integer priority;

  @Option(names = "--delay", description = "Seconds to wait before the job may run.")
  Double delay;

  @Option(names = "--attempts", description = "How many times to try (default: 1).")
  Integer attempts;

  @Option(names = "--parent", description = "A job that must finish first (repeatable).")
  List<Long> parents;

  @Option(names = "--lax", description = "Run even if a parent failed.")
  boolean lax;

  @Option(names = "--notes", description = "Notes as a JSON object.")
  String notes;

  @Option(
      names = "--expire",
      description = "Seconds after which the job is dropped if it has not run.")
  Double expire;

  @Option(
      names = "--wait",
      description = "Wait until the job finished or failed (for good) and print the job.")
  boolean await;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    ApiClient.Response enqueued = enqueue();
    if (!await || enqueued.status() != 201) {
      return enqueued;
    }
    long id = new JsonObject(enqueued.body()).getLong("id");
    while (true) {
      // The node answers 202 when its wait runs out before the job ends: ask again.
      ApiClient.Response result = api.send("GET", "/api/jobs/" + id + "/result?timeout=25", null);
      if (result.status() != 202) {
        return result;
      }
    }
  }

  @Override
  int outcome(ApiClient.Response response, PrintWriter out, PrintWriter err) {
    int code = super.outcome(response, out, err);
    if (code == 0 && await && "failed".equals(new JsonObject(response.body()).getString("state"))) {
      return 1;
    }
    return code;
  }

  private ApiClient.Response enqueue() throws IOException, InterruptedException {
    JsonObject job = new JsonObject().put("task", task).put("args", json(args, "ARGS", true));
    put(job, "queue", queue);
    put(job, "priority", priority);
    put(job, "delay", delay);
    put(job, "attempts", attempts);
    put(job, "parents", parents == null ? null : new JsonArray(parents));
    put(job, "lax", lax ? true : null);
    put(job, "notes", notes == null ? null : json(notes, "--notes", false));
    put(job, "expire", expire);
    return api.send("POST", "/api/jobs", job.encode());
  }

  private Object json(String text, String name, boolean array) {
    try {
      return array ? new JsonArray(text) : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ParameterException(
          spec.commandLine(),
          name
              + " must be a JSON "
              + (array ? "array, like '[1, \"two\"]'" : "object, like '{\"key\": 1}'")
              + ", got "
              + text);
    }
  }

  private static void put(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
