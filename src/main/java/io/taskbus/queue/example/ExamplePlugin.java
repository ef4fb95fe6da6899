package io.taskbus.queue.example;

import io.taskbus.queue.TaskPlugin;
import io.taskbus.queue.TaskRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The bundled example: {@code echo} (result = args), {@code sleep} (waits args[0] ms, without
 * holding a thread) and {@code fail} (fails with args[0] as the message).
 */
public final class ExamplePlugin implements TaskPlugin {

  @Override
  public String name() {
    return "example";
  }

  @Override
  public void register(TaskRegistry registry) {
    registry.addAsync("echo", job -> Future.succeededFuture(job.args()));
    registry.addAsync(
        "sleep",
        job -> {
          long millis = job.args().size() > 0 ? ((Number) job.args().getValue(0)).longValue() : 0;
          Promise<Object> done = Promise.promise();
          if (millis <= 0) {
            done.complete(null);
          } else {
            Vertx.currentContext().owner().setTimer(millis, id -> done.complete(millis));
          }
          return done.future();
        });
    registry.addAsync(
        "fail",
        job ->
            Future.failedFuture(
                job.args().size() > 0 ? String.valueOf(job.args().getValue(0)) : "failed"));
  }
}
