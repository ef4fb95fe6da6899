package io.taskbus.job.sqlite;

import static io.taskbus.job.sqlite.SqliteDatabase.execute;
import static io.taskbus.job.sqlite.SqliteRows.JOB_COLUMNS;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.DequeueRequest;
import io.taskbus.job.Handoff;
import io.taskbus.job.HistoryPoint;
import io.taskbus.job.Job;
import io.taskbus.job.JobFilter;
import io.taskbus.job.JobFilterSql;
import io.taskbus.job.JobPage;
import io.taskbus.job.NewJob;
import io.taskbus.job.Notes;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import io.taskbus.job.RetryOptions;
import io.taskbus.job.Stats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The embedded store: a SQLite file, or {@code :memory:} for tests and throw-away nodes. */
public final class SqliteJobStore extends SqliteWorkerStore {

  public SqliteJobStore(Vertx vertx, String path, Clock clock) {
    this(new SqliteDatabase(vertx, path), clock);
  }

  /** {@code node} is the name job events carry. */
  public SqliteJobStore(Vertx vertx, String path, Clock clock, String node) {
    this(new SqliteDatabase(vertx, path, node), clock);
  }

  /** Shares {@code db} with other stores of the node (the durable streams). */
  public SqliteJobStore(SqliteDatabase db, Clock clock) {
    super(db, clock);
  }

  public SqliteDatabase database() {
    return db;
  }

  @Override
  public Future<List<Long>> enqueue(List<NewJob> jobs) {
    long now = clock.millis();
    return db.inTransaction(c -> insert(c, jobs, now)).onSuccess(ids -> jobsReady());
  }

  @Override
  public Future<Handoff> enqueueAndDequeue(List<NewJob> jobs, DequeueRequest request) {
    long now = clock.millis();
    return db.inTransaction(
            c -> {
              List<Long> ids = insert(c, jobs, now);
              return new Handoff(ids, request.asksForNothing() ? List.of() : take(c, request, now));
            })
        .onSuccess(
            handoff -> {
              if (handoff.leftReady()) {
                jobsReady();
              }
            });
  }

  private List<Long> insert(Connection c, List<NewJob> jobs, long now) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO taskbus_jobs (task, queue, args, notes, priority, attempts, parents,"
                    + " lax, created, delayed, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " RETURNING id");
        PreparedStatement link =
            c.prepareStatement("INSERT OR IGNORE INTO taskbus_job_parents VALUES (?, ?)")) {
      for (NewJob job : jobs) {
        SqliteRows.bind(
            insert,
            java.util.Arrays.asList(
                job.task(),
                job.queue(),
                job.args().encode(),
                job.notes().encode(),
                job.priority(),
                job.attempts(),
                new JsonArray(job.parents()).encode(),
                job.lax() ? 1 : 0,
                now,
                now + job.delay().toMillis(),
                job.expire() == null ? null : now + job.expire().toMillis()));
        long id;
        try (ResultSet row = insert.executeQuery()) {
          id = row.getLong(1);
        }
        ids.add(id);
        linkParents(link, id, job.parents());
      }
    }
    return ids;
  }

  private static void linkParents(PreparedStatement link, long child, List<Long> parents)
      throws SQLException {
    for (long parent : parents) {
      link.setLong(1, child);
      link.setLong(2, parent);
      link.executeUpdate();
    }
  }

  @Override
  public Future<List<Job>> dequeue(DequeueRequest request) {
    if (request.asksForNothing()) {
      return Future.succeededFuture(List.of());
    }
    long now = clock.millis();
    return db.inTransaction(c -> take(c, request, now));
  }

  private List<Job> take(Connection c, DequeueRequest request, long now) throws SQLException {
    String sql =
        "UPDATE taskbus_jobs SET state = 'active', worker = ?, started = ? WHERE id IN ("
            + "SELECT id FROM taskbus_jobs j WHERE state = 'inactive' AND delayed <= ?"
            + " AND (expires IS NULL OR expires > ?)"
            + " AND queue IN ("
            + marks(request.queues().size())
            + ") AND task IN ("
            + marks(request.tasks().size())
            + ") AND NOT EXISTS (SELECT 1 FROM taskbus_job_parents l"
            + " JOIN taskbus_jobs p ON p.id = l.parent WHERE l.child = j.id"
            + " AND (p.state IN ('inactive', 'active') OR (p.state = 'failed' AND j.lax = 0)))"
            + " ORDER BY priority DESC, id LIMIT ?) RETURNING "
            + SqliteRows.COLUMNS_WITHOUT_CHILDREN;
    List<Object> params = new ArrayList<>(List.of(request.workerId(), now, now, now));
    params.addAll(request.queues());
    params.addAll(request.tasks());
    params.add(request.limit());
    List<Job> jobs;
    try (PreparedStatement update = c.prepareStatement(sql)) {
      SqliteRows.bind(update, params);
      jobs = SqliteRows.jobs(update);
    }
    jobs.sort(
        (a, b) ->
            a.priority() != b.priority()
                ? Integer.compare(b.priority(), a.priority())
                : Long.compare(a.id(), b.id()));
    return jobs;
  }

  private static List<Job> byIds(Connection c, List<Long> ids) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + JOB_COLUMNS
                + " FROM taskbus_jobs j WHERE id IN ("
                + marks(ids.size())
                + ")")) {
      SqliteRows.bind(select, ids);
      return SqliteRows.jobs(select);
    }
  }

  static String marks(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  @Override
  public Future<Integer> complete(List<Completion> completions, Backoff backoff) {
    long now = clock.millis();
    return db.inTransaction(c -> completeIn(c, completions, backoff, now));
  }

  @Override
  int completeIn(Connection c, List<Completion> completions, Backoff backoff, long now)
      throws SQLException {
    int applied = 0;
    try (PreparedStatement finish =
            c.prepareStatement(
                "UPDATE taskbus_jobs SET state = ?, result = ?, finished = ?"
                    + " WHERE id = ? AND retries = ? AND state = 'active' RETURNING attempts");
        PreparedStatement retry =
            c.prepareStatement(
                "UPDATE taskbus_jobs SET state = 'inactive', retries = retries + 1, retried = ?,"
                    + " delayed = ? WHERE id = ? AND retries = ?")) {
      for (Completion done : completions) {
        SqliteRows.bind(
            finish,
            java.util.Arrays.asList(
                done.succeeded() ? "finished" : "failed",
                Json.encode(done.result()),
                now,
                done.jobId(),
                done.retries()));
        Integer attempts = null;
        try (ResultSet row = finish.executeQuery()) {
          if (row.next()) {
            attempts = row.getInt(1);
          }
        }
        if (attempts == null) {
          continue;
        }
        applied++;
        if (!done.succeeded() && done.retries() + 1 < attempts) {
          long delayed = now + backoff.delay(done.retries()).toMillis();
          SqliteRows.bind(retry, List.of(now, delayed, done.jobId(), done.retries()));
          retry.executeUpdate();
        }
      }
    }
    return applied;
  }

  @Override
  public Future<Optional<Job>> job(long id) {
    return db.inTransaction(c -> byIds(c, List.of(id)).stream().findFirst());
  }

  @Override
  public Future<JobPage> jobs(JobFilter filter) {
    JobFilterSql where =
        new JobFilterSql(
            filter,
            n -> "?",
            n -> "EXISTS (SELECT 1 FROM json_each(j.notes) WHERE json_each.key = ?)");
    return db.inTransaction(
        c -> {
          long total;
          try (PreparedStatement count =
              c.prepareStatement("SELECT COUNT(*) FROM taskbus_jobs j" + where.where())) {
            SqliteRows.bind(count, where.params());
            try (ResultSet row = count.executeQuery()) {
              total = row.getLong(1);
            }
          }
          try (PreparedStatement page =
              c.prepareStatement(
                  "SELECT "
                      + JOB_COLUMNS
                      + " FROM taskbus_jobs j"
                      + where.where()
                      + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            List<Object> params = new ArrayList<>(where.params());
            params.add(filter.limit());
            params.add(filter.offset());
            SqliteRows.bind(page, params);
            return new JobPage(SqliteRows.jobs(page), total);
          }
        });
  }

  @Override
  public Future<Boolean> retry(long id, int retries, RetryOptions options) {
    long now = clock.millis();
    long delayed = now + (options.delay() == null ? 0 : options.delay().toMillis());
    Long expires = options.expire() == null ? null : now + options.expire().toMillis();
    return db.inTransaction(
            c -> {
              try (PreparedStatement update =
                  c.prepareStatement(
                      "UPDATE taskbus_jobs SET state = 'inactive', retries = retries + 1,"
                          + " retried = ?, delayed = ?, attempts = COALESCE(?, attempts),"
                          + " priority = COALESCE(?, priority), queue = COALESCE(?, queue),"
                          + " lax = COALESCE(?, lax), expires = COALESCE(?, expires),"
                          + " parents = COALESCE(?, parents) WHERE id = ? AND retries = ?")) {
                SqliteRows.bind(
                    update,
                    java.util.Arrays.asList(
                        now,
                        delayed,
                        options.attempts(),
                        options.priority(),
                        options.queue(),
                        options.lax() == null ? null : (options.lax() ? 1 : 0),
                        expires,
                        options.parents() == null
                            ? null
                            : new JsonArray(options.parents()).encode(),
                        id,
                        retries));
                if (update.executeUpdate() == 0) {
                  return false;
                }
              }
              if (options.parents() != null) {
                execute(c, "DELETE FROM taskbus_job_parents WHERE child = ?", id);
                try (PreparedStatement link =
                    c.prepareStatement("INSERT OR IGNORE INTO taskbus_job_parents VALUES (?, ?)")) {
                  linkParents(link, id, options.parents());
                }
              }
              return true;
            })
        .onSuccess(
            retried -> {
              if (retried) {
                jobsReady();
              }
            });
  }

  @Override
  public Future<Boolean> remove(long id) {
    return db.inTransaction(
        c -> {
          int removed =
              execute(
                  c,
                  "DELETE FROM taskbus_jobs WHERE id = ? AND state IN ('inactive', 'finished',"
                      + " 'failed')",
                  id);
          execute(c, "DELETE FROM taskbus_job_parents WHERE child = ?", id);
          return removed > 0;
        });
  }

  @Override
  public Future<Boolean> note(long id, JsonObject changes) {
    return db.inTransaction(
        c -> {
          JsonObject notes;
          try (PreparedStatement select =
              c.prepareStatement("SELECT notes FROM taskbus_jobs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return false;
              }
              notes = new JsonObject(row.getString(1));
            }
          }
          execute(
              c,
              "UPDATE taskbus_jobs SET notes = ? WHERE id = ?",
              Notes.merge(notes, changes).encode(),
              id);
          return true;
        });
  }

  @Override
  public Future<Stats> stats() {
    return SqliteReports.stats(db, clock.millis());
  }

  @Override
  public Future<List<HistoryPoint>> history() {
    return SqliteReports.history(db, clock.instant());
  }

  @Override
  public Future<RepairReport> repair(RepairPolicy policy, Backoff backoff) {
    long now = clock.millis();
    return db.inTransaction(c -> new SqliteRepair(this, c, now).run(policy, backoff));
  }
}
