package io.taskbus.queue;

import io.vertx.core.Future;

/**
 * A task that does not block: it runs on the executor's event loop and completes a future. Use it
 * for I/O through Vert.x clients, timers and other non-blocking work.
 */
@FunctionalInterface
public interface AsyncTask {
  Future<Object> run(JobContext job);
}
