package io.taskbus.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    description = {
      "Show job events from the audit log, oldest first; they outlive purged jobs.",
      "--format jsonl writes one event per line, for keeping elsewhere."
    })
final class AuditCommand implements Callable<Integer> {
  enum Format {
    table,
    jsonl
  }

  @Mixin ApiClient api;
  @Spec CommandSpec spec;

  @Option(names = "--job", description = "One job's history.")
  Long job;

  @Option(names = "--task", description = "Jobs of this task.")
  String task;

  @Option(names = "--queue", description = "Jobs in this queue.")
  String queue;

  @Option(names = "--state", description = "Events that left the job in this state.")
  String state;

  @Option(names = "--event", description = "Only this event (enqueued, started, finished, ...).")
  String event;

  @Option(names = "--since", description = "From this time on (ISO-8601, e.g. 2026-01-31T00:00Z).")
  String since;

  @Option(names = "--until", description = "Before this time (ISO-8601).")
  String until;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or jsonl (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      long after = 0;
      while (true) {
        ApiClient.Response response = api.send("GET", "/api/audit" + query(after), null);
        if (!response.ok()) {
          return ApiClient.print(response, out, err);
        }
        if (after == 0 && format == Format.table) {
          // Only once the node accepted the query: an error prints nothing on stdout.
          out.printf(
              "%-8s %-32s %-9s %-8s %-9s %-10s %s%n",
              "OFFSET", "AT", "EVENT", "JOB", "STATE", "QUEUE", "TASK");
        }
        JsonObject page = new JsonObject(response.body());
        JsonArray events = page.getJsonArray("events");
        for (int i = 0; i < events.size(); i++) {
          print(out, events.getJsonObject(i));
        }
        out.flush();
        Long next = page.getLong("next");
        if (next == null) {
          return 0;
        }
        after = next;
      }
    } catch (IOException e) {
      return ClientCommand.failed(api, err, e);
    }
  }

  private String query(long after) {
    List<String> params = new ArrayList<>();
    add(params, "job", job == null ? null : job.toString());
    add(params, "task", task);
    add(params, "queue", queue);
    add(params, "state", state);
    add(params, "event", event);
    add(params, "since", since);
    add(params, "until", until);
    params.add("after=" + after);
    params.add("limit=1000");
    return "?" + String.join("&", params);
  }

  private static void add(List<String> params, String name, String value) {
    if (value != null) {
      params.add(name + "=" + ApiClient.encode(value));
    }
  }

  private void print(PrintWriter out, JsonObject entry) {
    if (format == Format.jsonl) {
      out.println(entry.encode());
      return;
    }
    JsonObject job = entry.getJsonObject("job");
    out.printf(
        "%-8d %-32s %-9s %-8d %-9s %-10s %s%n",
        entry.getLong("offset"),
        entry.getString("at"),
        entry.getString("event"),
        job.getLong("id"),
        job.getString("state"),
        job.getString("queue"),
        job.getString("task"));
  }
}
