package io.taskbus.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jobs", description = "List jobs, newest first.")
final class JobsCommand extends ClientCommand {
  @Option(names = "--state", description = "inactive, active, finished or failed (repeatable).")
  List<String> states = List.of();

  @Option(names = "--queue", description = "Queue name (repeatable).")
  List<String> queues = List.of();

  @Option(names = "--task", description = "Task name (repeatable).")
  List<String> tasks = List.of();

  @Option(names = "--note", description = "Only jobs with this note key (repeatable).")
  List<String> notes = List.of();

  @Option(names = "--limit", defaultValue = "20", description = "Page size (default: 20).")
  int limit;

  @Option(names = "--offset", defaultValue = "0", description = "Jobs to skip.")
  int offset;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    List<String> query = new ArrayList<>();
    states.forEach(s -> query.add("state=" + ApiClient.encode(s)));
    queues.forEach(s -> query.add("queue=" + ApiClient.encode(s)));
    tasks.forEach(s -> query.add("task=" + ApiClient.encode(s)));
    notes.forEach(s -> query.add("note=" + ApiClient.encode(s)));
    query.add("limit=" + limit);
    query.add("offset=" + offset);
    return api.send("GET", "/api/jobs?" + String.join("&", query), null);
  }
}
