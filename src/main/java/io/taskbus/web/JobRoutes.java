package io.taskbus.web;

import io.taskbus.job.JobFilter;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.taskbus.queue.Addresses;
import io.taskbus.queue.JobRequest;
import io.taskbus.queue.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/jobs}: enqueue, inspect, list, retry, remove, note. */
final class JobRoutes {
  private final JobStore store;

  JobRoutes(JobStore store) {
    this.store = store;
  }

  void mount(Router router) {
    router.post("/api/jobs").handler(this::enqueue);
    router.get("/api/jobs").handler(this::list);
    router.get("/api/jobs/:id").handler(this::show);
    router.post("/api/jobs/:id/retry").handler(this::retry);
    router.delete("/api/jobs/:id").handler(this::remove);
    router.patch("/api/jobs/:id/notes").handler(this::note);
  }

  private void enqueue(RoutingContext ctx) {
    Object body = Requests.body(ctx);
    ctx.vertx()
        .eventBus()
        .<JsonObject>request(Addresses.ENQUEUE, body)
        .onSuccess(reply -> json(ctx, 201, reply.body()))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void show(RoutingContext ctx) {
    long id = Requests.id(ctx);
    store
        .job(id)
        .onSuccess(
            job -> {
              if (job.isPresent()) {
                json(ctx, 200, job.get().toJson());
              } else {
                HttpErrors.send(ctx, 404, "job " + id + " not found");
              }
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void list(RoutingContext ctx) {
    Requests.unknownParams(
        ctx, "state", "queue", "task", "id", "note", "before", "offset", "limit");
    JobFilter filter =
        new JobFilter(
            Requests.list(ctx, "state", JobState::fromWire),
            Requests.list(ctx, "queue", s -> s),
            Requests.list(ctx, "task", s -> s),
            Requests.list(ctx, "id", Requests::positiveLong),
            Requests.list(ctx, "note", s -> s),
            Requests.list(ctx, "before", Requests::positiveLong).stream().findFirst().orElse(null),
            Requests.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE),
            Requests.integer(ctx, "limit", 100, 1, JobFilter.MAX_LIMIT));
    store
        .jobs(filter)
        .onSuccess(page -> json(ctx, 200, page.toJson()))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void retry(RoutingContext ctx) {
    long id = Requests.id(ctx);
    JobRequest.Retry retry = JobRequest.parseRetry(Requests.object(ctx));
    store
        .job(id)
        .compose(
            job -> {
              if (job.isEmpty()) {
                HttpErrors.send(ctx, 404, "job " + id + " not found");
                return Future.succeededFuture();
              }
              int retries = retry.retries() == null ? job.get().retries() : retry.retries();
              return store
                  .retry(id, retries, retry.options())
                  .onSuccess(
                      done -> {
                        if (done) {
                          json(ctx, 200, new JsonObject().put("id", id).put("retried", true));
                        } else {
                          HttpErrors.send(
                              ctx,
                              409,
                              "job "
                                  + id
                                  + " changed meanwhile (retries is no longer "
                                  + retries
                                  + ")");
                        }
                      });
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void remove(RoutingContext ctx) {
    long id = Requests.id(ctx);
    store
        .remove(id)
        .compose(
            removed ->
                removed
                    ? Future.succeededFuture(204)
                    : store.job(id).map(job -> job.isPresent() ? 409 : 404))
        .onSuccess(
            status -> {
              switch (status) {
                case 204 -> ctx.response().setStatusCode(204).end();
                case 409 -> HttpErrors.send(ctx, 409, "job " + id + " is active; stop it first");
                default -> HttpErrors.send(ctx, 404, "job " + id + " not found");
              }
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private void note(RoutingContext ctx) {
    long id = Requests.id(ctx);
    JsonObject changes = Requests.object(ctx);
    if (changes.isEmpty()) {
      throw new ValidationException("", "the body must name at least one note to set or remove");
    }
    store
        .note(id, changes)
        .onSuccess(
            found -> {
              if (found) {
                json(ctx, 200, new JsonObject().put("id", id).put("noted", true));
              } else {
                HttpErrors.send(ctx, 404, "job " + id + " not found");
              }
            })
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(io.vertx.core.json.Json.encode(body));
  }
}
