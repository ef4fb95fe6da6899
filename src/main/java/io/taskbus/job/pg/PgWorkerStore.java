package io.taskbus.job.pg;

import static io.taskbus.job.pg.PgFailures.unavailableOnFailure;
import static io.taskbus.job.pg.PgRows.time;

import io.taskbus.job.JobStore;
import io.taskbus.job.UnknownWorkerException;
import io.taskbus.job.Worker;
import io.taskbus.job.WorkerCommand;
import io.taskbus.job.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Connections, schema, workers and locks on PostgreSQL; jobs are in {@link PgJobStore}. */
abstract sealed class PgWorkerStore implements JobStore permits PgJobStore {
  final Pool pool;
  final Clock clock;
  private final PgSubscriber subscriber;
  private final PgConnectOptions options;
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  PgWorkerStore(Vertx vertx, PgConnectOptions options, Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.options = options;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
  }

  @Override
  public Future<Void> start() {
    String self = options.getProperties().get("application_name");
    subscriber
        .channel("taskbus_jobs")
        .handler(
            addedBy -> {
              if (!addedBy.equals(self)) {
                jobsReady();
              }
            });
    // Events of every node, this one's included: the notice comes after the commit.
    subscriber.channel("taskbus_events").handler(by -> changeListeners.forEach(Runnable::run));
    return PgMigrations.migrate(pool).compose(v -> subscriber.connect());
  }

  @Override
  public Future<Void> close() {
    return subscriber.close().eventually(pool::close);
  }

  @Override
  public void onJobsReady(Runnable listener) {
    readyListeners.add(listener);
  }

  @Override
  public void onJobsChanged(Runnable listener) {
    changeListeners.add(listener);
  }

  void jobsReady() {
    readyListeners.forEach(Runnable::run);
  }

  @Override
  public Future<Long> registerWorker(WorkerInfo info) {
    var now = time(clock.instant());
    return unavailableOnFailure(
        pool.preparedQuery(
                "INSERT INTO taskbus_workers (host, pid, status, started, notified)"
                    + " VALUES ($1, $2, $3::jsonb, $4, $4) RETURNING id")
            .execute(Tuple.of(info.host(), info.pid(), info.status(), now))
            .map(rows -> rows.iterator().next().getLong(0)));
  }

  @Override
  public Future<List<WorkerCommand>> heartbeat(long workerId, JsonObject status) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "UPDATE taskbus_workers w SET notified = $2, status = $3::jsonb, inbox = '[]'"
                    + " FROM (SELECT id, inbox FROM taskbus_workers WHERE id = $1 FOR UPDATE) old"
                    + " WHERE w.id = old.id RETURNING old.inbox")
            .execute(Tuple.of(workerId, time(clock.instant()), status))
            .map(
                rows -> {
                  if (rows.rowCount() == 0) {
                    throw new UnknownWorkerException(workerId);
                  }
                  JsonArray inbox = (JsonArray) rows.iterator().next().getValue(0);
                  return inbox.stream().map(o -> WorkerCommand.fromJson((JsonObject) o)).toList();
                }));
  }

  @Override
  public Future<Void> unregisterWorker(long workerId) {
    return unavailableOnFailure(
        pool.preparedQuery("DELETE FROM taskbus_workers WHERE id = $1")
            .execute(Tuple.of(workerId))
            .mapEmpty());
  }

  @Override
  public Future<List<Worker>> workers() {
    Future<Map<Long, List<Long>>> jobs =
        pool.query("SELECT worker, id FROM taskbus_jobs WHERE state = 'active' ORDER BY id")
            .execute()
            .map(
                rows -> {
                  Map<Long, List<Long>> byWorker = new HashMap<>();
                  for (Row row : rows) {
                    byWorker
                        .computeIfAbsent(row.getLong(0), k -> new ArrayList<>())
                        .add(row.getLong(1));
                  }
                  return byWorker;
                });
    return unavailableOnFailure(
        jobs.compose(
            byWorker ->
                pool.query(
                        "SELECT id, host, pid, status, started, notified FROM taskbus_workers"
                            + " ORDER BY id")
                    .execute()
                    .map(
                        rows -> {
                          List<Worker> workers = new ArrayList<>();
                          for (Row row : rows) {
                            long id = row.getLong("id");
                            workers.add(
                                new Worker(
                                    id,
                                    row.getString("host"),
                                    row.getLong("pid"),
                                    (JsonObject) row.getValue("status"),
                                    PgRows.instant(row, "started"),
                                    PgRows.instant(row, "notified"),
                                    byWorker.getOrDefault(id, List.of())));
                          }
                          return workers;
                        })));
  }

  @Override
  public Future<Integer> command(Long workerId, WorkerCommand command) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "UPDATE taskbus_workers SET inbox = inbox || jsonb_build_array($1::jsonb)"
                    + " WHERE $2::bigint IS NULL OR id = $2")
            .execute(Tuple.of(command.toJson(), workerId))
            .map(rows -> rows.rowCount()));
  }

  @Override
  public Future<Boolean> lock(String name, Duration duration, int limit) {
    var now = time(clock.instant());
    var expires = time(clock.instant().plus(duration));
    return unavailableOnFailure(
        pool.withTransaction(
            c ->
                c.query("LOCK TABLE taskbus_locks IN EXCLUSIVE MODE")
                    .execute()
                    .compose(
                        v ->
                            c.preparedQuery("DELETE FROM taskbus_locks WHERE expires <= $1")
                                .execute(Tuple.of(now)))
                    .compose(
                        v ->
                            c.preparedQuery("SELECT COUNT(*) FROM taskbus_locks WHERE name = $1")
                                .execute(Tuple.of(name)))
                    .compose(
                        rows -> {
                          if (rows.iterator().next().getLong(0) >= limit) {
                            return Future.succeededFuture(false);
                          }
                          if (duration.isZero() || duration.isNegative()) {
                            return Future.succeededFuture(true);
                          }
                          return c.preparedQuery(
                                  "INSERT INTO taskbus_locks (name, expires) VALUES ($1, $2)")
                              .execute(Tuple.of(name, expires))
                              .map(true);
                        })));
  }

  @Override
  public Future<Boolean> unlock(String name) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "DELETE FROM taskbus_locks WHERE id = (SELECT id FROM taskbus_locks"
                    + " WHERE name = $1 AND expires > $2 ORDER BY expires LIMIT 1)")
            .execute(Tuple.of(name, time(clock.instant())))
            .map(rows -> rows.rowCount() > 0));
  }
}
