package io.taskbus.web;

import static io.taskbus.web.JobRoutes.json;

import io.taskbus.audit.AuditLog;
import io.taskbus.audit.AuditQuery;
import io.taskbus.bus.Bus;
import io.taskbus.events.JobWaiter;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.taskbus.queue.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;

/** Job events over HTTP: the audit log, waiting for a job's outcome, and the events' schema. */
final class EventRoutes {
  static final String SCHEMA = "schemas/job-event.json";
  private static final Set<String> EVENTS =
      Set.of(
          "enqueued",
          "started",
          "note",
          "finished",
          "failed",
          "retried",
          "removed",
          "purged",
          "expired",
          "updated");
  private static final int MAX_WAIT_SECONDS = 300;

  private final JobStore store;
  private final Bus bus;
  private final AuditLog audit;
  private final Buffer schema = schema();

  EventRoutes(JobStore store, Bus bus, AuditLog audit) {
    this.store = store;
    this.bus = bus;
    this.audit = audit;
  }

  void mount(Router router) {
    router.get("/api/audit").handler(this::audit);
    router.get("/api/jobs/:id/result").handler(this::result);
    router
        .get("/" + SCHEMA)
        .handler(
            ctx -> ctx.response().putHeader("Content-Type", "application/schema+json").end(schema));
  }

  private static Buffer schema() {
    try (InputStream in = EventRoutes.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA, e);
    }
  }

  private void audit(RoutingContext ctx) {
    AuditQuery query;
    try {
      Requests.unknownParams(
          ctx, "job", "task", "queue", "state", "event", "since", "until", "after", "limit");
      query =
          new AuditQuery(
              Requests.list(ctx, "job", Requests::positiveLong).stream().findFirst().orElse(null),
              one(ctx, "task"),
              one(ctx, "queue"),
              state(one(ctx, "state")),
              event(one(ctx, "event")),
              time(ctx, "since"),
              time(ctx, "until"),
              Requests.integer(ctx, "after", 0, 0, Integer.MAX_VALUE),
              Requests.integer(ctx, "limit", 100, 1, AuditQuery.MAX_LIMIT));
    } catch (ValidationException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    audit
        .events(query)
        .onSuccess(page -> json(ctx, 200, page.toJson()))
        .onFailure(e -> HttpErrors.fail(ctx, e));
  }

  private static String one(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() ? null : values.get(0);
  }

  private static String state(String state) {
    if (state != null) {
      try {
        JobState.fromWire(state);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("state", "state: " + e.getMessage());
      }
    }
    return state;
  }

  private static String event(String event) {
    if (event != null && !EVENTS.contains(event)) {
      throw new ValidationException(
          "event", "event must be one of " + String.join(", ", EVENTS.stream().sorted().toList()));
    }
    return event;
  }

  private static Instant time(RoutingContext ctx, String name) {
    String text = one(ctx, name);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          name,
          name + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z, got \"" + text + "\"");
    }
  }

  /**
   * Answers 200 with the job once it finished (or failed for good), or 202 with the job as it is
   * when {@code timeout} seconds pass first: the client asks again.
   */
  private void result(RoutingContext ctx) {
    long id;
    int timeout;
    try {
      Requests.unknownParams(ctx, "timeout");
      id = Requests.id(ctx);
      timeout = Requests.integer(ctx, "timeout", 30, 0, MAX_WAIT_SECONDS);
    } catch (ValidationException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    JobWaiter waiter = new JobWaiter(bus, store, id);
    Future<Job> outcome = waiter.outcome();
    long timer = ctx.vertx().setTimer(Math.max(1, timeout * 1000L), t -> waiter.cancel());
    outcome.onComplete(
        ar -> {
          ctx.vertx().cancelTimer(timer);
          if (ctx.response().ended()) {
            return;
          }
          if (ar.succeeded()) {
            json(ctx, 200, ar.result().toJson());
          } else if (ar.cause() instanceof CancellationException) {
            // Not over yet: the job as it is now, and the client asks again.
            store
                .job(id)
                .onSuccess(job -> json(ctx, 202, job.map(Job::toJson).orElse(null)))
                .onFailure(e -> HttpErrors.fail(ctx, e));
          } else if (ar.cause() instanceof NoSuchElementException gone) {
            HttpErrors.send(ctx, 404, gone.getMessage());
          } else {
            HttpErrors.fail(ctx, ar.cause());
          }
        });
    // A client that gives up stops the wait (the connection's own handlers stay as they are).
    ctx.response().closeHandler(v -> waiter.cancel());
  }
}
