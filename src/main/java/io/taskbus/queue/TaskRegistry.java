package io.taskbus.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks a worker can run, by name. */
public final class TaskRegistry {

  /** A registered task: blocking or asynchronous. */
  public sealed interface Handler permits Blocking, Async {}

  public record Blocking(Task task) implements Handler {}

  public record Async(AsyncTask task) implements Handler {}

  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  public TaskRegistry add(String name, Task task) {
    return put(name, new Blocking(task));
  }

  public TaskRegistry addAsync(String name, AsyncTask task) {
    return put(name, new Async(task));
  }

  private TaskRegistry put(String name, Handler handler) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("task name must be a non-empty string");
    }
    handlers.put(name, handler);
    return this;
  }

  public TaskRegistry addPlugin(TaskPlugin plugin) {
    plugin.register(this);
    return this;
  }

  public Optional<Handler> handler(String name) {
    return Optional.ofNullable(handlers.get(name));
  }

  public List<String> names() {
    return handlers.keySet().stream().sorted().toList();
  }
}
