package io.taskbus.queue;

/**
 * A bundle of named tasks, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.taskbus.queue.TaskPlugin} of a jar on the class path or in the
 * plugins folder.
 */
public interface TaskPlugin {
  /** A name for logs and {@code taskbus workers}. */
  default String name() {
    return getClass().getName();
  }

  /** Adds this plugin's tasks; task names are any strings, human names or UUIDs. */
  void register(TaskRegistry registry);
}
