package io.taskbus.web;

import static io.taskbus.web.JobRoutes.json;

import io.taskbus.job.HistoryPoint;
import io.taskbus.job.JobStore;
import io.taskbus.job.Worker;
import io.taskbus.job.WorkerCommand;
import io.taskbus.queue.RepairVerticle;
import io.taskbus.queue.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Stats, history, workers and their commands, locks, repair and health. */
final class AdminRoutes {
  private final JobStore store;
  private final RepairVerticle repair;

  AdminRoutes(JobStore store, RepairVerticle repair) {
    this.store = store;
    this.repair = repair;
  }

  void mount(Router router) {
    router.get("/api/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    router.get("/api/stats").handler(this::stats);
    router.get("/api/history").handler(this::history);
    router.get("/api/workers").handler(this::workers);
    router.post("/api/workers/commands").handler(ctx -> command(ctx, null));
    router.post("/api/workers/:id/commands").handler(ctx -> command(ctx, Requests.id(ctx)));
    router.post("/api/locks/:name").handler(this::lock);
    router.delete("/api/locks/:name").handler(this::unlock);
    router.post("/api/repair").handler(this::repair);
  }

  private void stats(RoutingContext ctx) {
    store
        .stats()
        .onSuccess(s -> json(ctx, 200, s.toJson()))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void history(RoutingContext ctx) {
    store
        .history()
        .onSuccess(
            points ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put(
                            "history",
                            new JsonArray(points.stream().map(HistoryPoint::toJson).toList()))))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void workers(RoutingContext ctx) {
    store
        .workers()
        .onSuccess(
            workers ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put(
                            "workers",
                            new JsonArray(workers.stream().map(Worker::toJson).toList()))))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void command(RoutingContext ctx, Long workerId) {
    JsonObject body = Requests.object(ctx);
    Object name = body.getValue("command");
    if (!(name instanceof String command) || !WorkerCommand.KNOWN.contains(command)) {
      throw new ValidationException(
          "command",
          "command must be one of "
              + String.join(", ", WorkerCommand.KNOWN.stream().sorted().toList())
              + ", got "
              + name);
    }
    Object args = body.getValue("args", new JsonArray());
    if (!(args instanceof JsonArray array)) {
      throw new ValidationException("args", "args must be a JSON array");
    }
    store
        .command(workerId, new WorkerCommand(command, array))
        .onSuccess(
            count -> {
              if (count == 0 && workerId != null) {
                HttpErrors.send(ctx, 404, "worker " + workerId + " not found");
              } else {
                json(ctx, 202, new JsonObject().put("workers", count));
              }
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void lock(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    JsonObject body = Requests.object(ctx);
    Object seconds = body.getValue("duration", 60);
    Object limit = body.getValue("limit", 1);
    if (!(seconds instanceof Number d) || d.doubleValue() < 0) {
      throw new ValidationException(
          "duration", "duration must be a non-negative number of seconds, got " + seconds);
    }
    if (!(limit instanceof Integer l) || l < 1) {
      throw new ValidationException("limit", "limit must be a positive integer, got " + limit);
    }
    store
        .lock(name, Duration.ofMillis(Math.round(d.doubleValue() * 1000)), l)
        .onSuccess(ok -> json(ctx, 200, new JsonObject().put("name", name).put("acquired", ok)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void unlock(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    store
        .unlock(name)
        .onSuccess(ok -> json(ctx, 200, new JsonObject().put("name", name).put("released", ok)))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void repair(RoutingContext ctx) {
    Requests.object(ctx); // it takes no options, but a malformed body is still an error
    repair
        .repair()
        .onSuccess(r -> json(ctx, 200, r.toJson()))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }
}
