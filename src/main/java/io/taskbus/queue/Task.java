package io.taskbus.queue;

/**
 * Code that runs a named task. It may block: Taskbus runs it on a worker thread, never on an event
 * loop. The returned value (any JSON-compatible object, or null) becomes the job's result; a thrown
 * exception fails the job with its message.
 */
@FunctionalInterface
public interface Task {
  Object run(JobContext job) throws Exception;
}
