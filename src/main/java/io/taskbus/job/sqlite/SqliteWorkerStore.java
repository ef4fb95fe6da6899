package io.taskbus.job.sqlite;

import static io.taskbus.job.sqlite.SqliteDatabase.execute;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.JobStore;
import io.taskbus.job.UnknownWorkerException;
import io.taskbus.job.Worker;
import io.taskbus.job.WorkerCommand;
import io.taskbus.job.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Workers, their inboxes and named locks on SQLite; jobs are in {@link SqliteJobStore}. */
abstract sealed class SqliteWorkerStore implements JobStore permits SqliteJobStore {
  final SqliteDatabase db;
  final Clock clock;
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

  SqliteWorkerStore(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  abstract int completeIn(Connection c, List<Completion> completions, Backoff backoff, long now)
      throws SQLException;

  @Override
  public Future<Void> start() {
    return db.open();
  }

  @Override
  public Future<Void> close() {
    return db.close();
  }

  @Override
  public void onJobsReady(Runnable listener) {
    readyListeners.add(listener);
  }

  @Override
  public void onJobsChanged(Runnable listener) {
    db.onStreamWrite(listener);
  }

  void jobsReady() {
    readyListeners.forEach(Runnable::run);
  }

  @Override
  public Future<Long> registerWorker(WorkerInfo info) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO taskbus_workers (host, pid, status, started, notified)"
                      + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            SqliteRows.bind(
                insert, List.of(info.host(), info.pid(), info.status().encode(), now, now));
            try (ResultSet row = insert.executeQuery()) {
              return row.getLong(1);
            }
          }
        });
  }

  @Override
  public Future<List<WorkerCommand>> heartbeat(long workerId, JsonObject status) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          JsonArray inbox;
          try (PreparedStatement select =
              c.prepareStatement("SELECT inbox FROM taskbus_workers WHERE id = ?")) {
            select.setLong(1, workerId);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                throw new UnknownWorkerException(workerId);
              }
              inbox = new JsonArray(row.getString(1));
            }
          }
          execute(
              c,
              "UPDATE taskbus_workers SET notified = ?, status = ?, inbox = '[]' WHERE id = ?",
              now,
              status.encode(),
              workerId);
          return inbox.stream().map(o -> WorkerCommand.fromJson((JsonObject) o)).toList();
        });
  }

  @Override
  public Future<Void> unregisterWorker(long workerId) {
    return db.inTransaction(
        c -> {
          execute(c, "DELETE FROM taskbus_workers WHERE id = ?", workerId);
          return null;
        });
  }

  @Override
  public Future<List<Worker>> workers() {
    return db.inTransaction(
        c -> {
          Map<Long, List<Long>> jobs = new HashMap<>();
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT worker, id FROM taskbus_jobs WHERE state = 'active' ORDER BY id");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              jobs.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getLong(2));
            }
          }
          List<Worker> workers = new ArrayList<>();
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT id, host, pid, status, started, notified FROM taskbus_workers"
                          + " ORDER BY id");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              long id = rows.getLong("id");
              workers.add(
                  new Worker(
                      id,
                      rows.getString("host"),
                      rows.getLong("pid"),
                      new JsonObject(rows.getString("status")),
                      SqliteRows.instant(rows, "started"),
                      SqliteRows.instant(rows, "notified"),
                      jobs.getOrDefault(id, List.of())));
            }
          }
          return workers;
        });
  }

  @Override
  public Future<Integer> command(Long workerId, WorkerCommand command) {
    return db.inTransaction(
        c ->
            execute(
                c,
                "UPDATE taskbus_workers SET inbox = json_insert(inbox, '$[#]', json(?))"
                    + " WHERE ? IS NULL OR id = ?",
                command.toJson().encode(),
                workerId,
                workerId));
  }

  @Override
  public Future<Boolean> lock(String name, Duration duration, int limit) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          execute(c, "DELETE FROM taskbus_locks WHERE expires <= ?", now);
          try (PreparedStatement count =
              c.prepareStatement("SELECT COUNT(*) FROM taskbus_locks WHERE name = ?")) {
            count.setString(1, name);
            try (ResultSet row = count.executeQuery()) {
              if (row.getLong(1) >= limit) {
                return false;
              }
            }
          }
          if (!duration.isZero() && !duration.isNegative()) {
            execute(
                c,
                "INSERT INTO taskbus_locks (name, expires) VALUES (?, ?)",
                name,
                now + duration.toMillis());
          }
          return true;
        });
  }

  @Override
  public Future<Boolean> unlock(String name) {
    long now = clock.millis();
    return db.inTransaction(
        c ->
            execute(
                    c,
                    "DELETE FROM taskbus_locks WHERE id = (SELECT id FROM taskbus_locks"
                        + " WHERE name = ? AND expires > ? ORDER BY expires LIMIT 1)",
                    name,
                    now)
                > 0);
  }
}
