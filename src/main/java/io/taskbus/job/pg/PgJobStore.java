package io.taskbus.job.pg;

import static io.taskbus.job.pg.PgFailures.unavailableOnFailure;
import static io.taskbus.job.pg.PgRows.CHILDREN;
import static io.taskbus.job.pg.PgRows.JOB_COLUMNS;
import static io.taskbus.job.pg.PgRows.time;

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
import io.taskbus.job.NodeNames;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import io.taskbus.job.RetryOptions;
import io.taskbus.job.Stats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Jobs on PostgreSQL, shared by every node: batches travel as one JSONB parameter so a batch is one
 * statement, and dequeue takes rows with {@code FOR UPDATE SKIP LOCKED}.
 */
public final class PgJobStore extends PgWorkerStore {

  public PgJobStore(Vertx vertx, String uri, int poolSize, Clock clock) {
    this(vertx, uri, poolSize, clock, NodeNames.generate());
  }

  /**
   * A store whose connections carry {@code node} as their application name: job events name it, and
   * the node ignores its own wake-up notices by it, so it must be unique among the nodes.
   */
  public PgJobStore(Vertx vertx, String uri, int poolSize, Clock clock, String node) {
    this(vertx, options(uri, node), poolSize, clock);
  }

  /** Connection settings for a Taskbus pool; {@code node} names its connections. */
  public static PgConnectOptions options(String uri, String node) {
    PgConnectOptions options = PgConnectOptions.fromUri(uri).setCachePreparedStatements(true);
    // The planner's estimates for the dequeue query trip JIT compilation, which costs more
    // than the query itself; short OLTP statements never gain from it.
    options.addProperty("jit", "off");
    options.addProperty("application_name", node);
    // Job events carry times as the database writes them: in UTC, whatever the server's zone.
    options.addProperty("TimeZone", "UTC");
    return options;
  }

  private PgJobStore(Vertx vertx, PgConnectOptions options, int poolSize, Clock clock) {
    super(
        vertx,
        options,
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(options)
            .using(vertx)
            .build(),
        clock);
  }

  @Override
  public Future<List<Long>> enqueue(List<NewJob> jobs) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "INSERT INTO taskbus_jobs (task, queue, args, notes, priority, attempts, parents,"
                    + " lax, created, delayed, expires)"
                    + " SELECT e->>'task', e->>'queue', e->'args', e->'notes',"
                    + " (e->>'priority')::int, (e->>'attempts')::int,"
                    // Most jobs have no parents: no subquery for them (about 2 ms per 1000).
                    + " CASE WHEN e->'parents' = '[]' THEN '{}'::bigint[]"
                    + " ELSE ARRAY(SELECT jsonb_array_elements_text(e->'parents')::bigint) END,"
                    + " (e->>'lax')::boolean, $2::timestamptz,"
                    + " $2::timestamptz + (e->>'delay')::bigint * INTERVAL '1 millisecond',"
                    + " $2::timestamptz + (e->>'expire')::bigint * INTERVAL '1 millisecond'"
                    + " FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n"
                    + " RETURNING id")
            .execute(Tuple.of(batch(jobs), time(clock.instant())))
            .map(
                rows -> {
                  // ids come from the sequence in insertion order, which is the order given.
                  List<Long> ids = new ArrayList<>();
                  rows.forEach(row -> ids.add(row.getLong(0)));
                  ids.sort(Comparator.naturalOrder());
                  return ids;
                })
            // Wake this node's executors now; other nodes hear the trigger's NOTIFY.
            .onSuccess(ids -> jobsReady()));
  }

  @Override
  public Future<Handoff> enqueueAndDequeue(List<NewJob> jobs, DequeueRequest request) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "SELECT ids, taken FROM taskbus_enqueue_and_dequeue($1::jsonb, $2, $3, $4, $5, $6)")
            .execute(
                Tuple.of(
                    batch(jobs),
                    time(clock.instant()),
                    request.workerId(),
                    request.queues().toArray(new String[0]),
                    request.tasks().toArray(new String[0]),
                    request.limit()))
            .map(
                rows -> {
                  Row row = rows.iterator().next();
                  List<Long> ids = List.of(row.getArrayOfLongs("ids"));
                  List<Job> taken =
                      ((JsonArray) row.getValue("taken"))
                          .stream().map(job -> Job.fromJson((JsonObject) job)).toList();
                  return new Handoff(ids, taken);
                })
            .onSuccess(
                handoff -> {
                  if (handoff.leftReady()) {
                    jobsReady();
                  }
                }));
  }

  private static JsonArray batch(List<NewJob> jobs) {
    JsonArray batch = new JsonArray();
    for (NewJob job : jobs) {
      batch.add(
          new JsonObject()
              .put("task", job.task())
              .put("queue", job.queue())
              .put("args", job.args())
              .put("notes", job.notes())
              .put("priority", job.priority())
              .put("attempts", job.attempts())
              .put("parents", new JsonArray(job.parents()))
              .put("lax", job.lax())
              .put("delay", job.delay().toMillis())
              .put("expire", job.expire() == null ? null : job.expire().toMillis()));
    }
    return batch;
  }

  @Override
  public Future<List<Job>> dequeue(DequeueRequest request) {
    if (request.asksForNothing()) {
      return Future.succeededFuture(List.of());
    }
    return unavailableOnFailure(
        pool.preparedQuery(
                "UPDATE taskbus_jobs SET state = 'active', worker = $1, started = $2"
                    + " WHERE id = ANY(ARRAY(SELECT id FROM taskbus_jobs j"
                    + " WHERE state = 'inactive' AND delayed <= $2"
                    + " AND (expires IS NULL OR expires > $2)"
                    + (request.queues().size() == 1
                        ? " AND queue = ($3::text[])[1]"
                        : " AND queue = ANY($3)")
                    + " AND task = ANY($4)"
                    + " AND (parents = '{}' OR NOT EXISTS (SELECT 1 FROM taskbus_jobs p"
                    + " WHERE p.id = ANY(j.parents) AND (p.state IN ('inactive', 'active')"
                    + " OR (p.state = 'failed' AND NOT j.lax))))"
                    + " ORDER BY priority DESC, id LIMIT $5 FOR UPDATE SKIP LOCKED))"
                    + " RETURNING "
                    + JOB_COLUMNS)
            .execute(
                Tuple.of(
                    request.workerId(),
                    time(clock.instant()),
                    request.queues().toArray(new String[0]),
                    request.tasks().toArray(new String[0]),
                    request.limit()))
            .map(
                rows -> {
                  List<Job> jobs = PgRows.jobs(rows);
                  jobs.sort(
                      Comparator.comparingInt(Job::priority).reversed().thenComparing(Job::id));
                  return jobs;
                }));
  }

  @Override
  public Future<Integer> complete(List<Completion> completions, Backoff backoff) {
    Instant now = clock.instant();
    // Only a failure can need the second statement (its retry); without one, the outcome is a
    // single statement and needs no transaction around it, which saves two round trips.
    boolean anyFailed = completions.stream().anyMatch(done -> !done.succeeded());
    return unavailableOnFailure(
        anyFailed
            ? pool.withTransaction(c -> completeIn(c, completions, backoff, now))
            : completeIn(pool, completions, backoff, now));
  }

  /** Records outcomes in two statements: the outcome, then automatic retries of failures. */
  static Future<Integer> completeIn(
      SqlClient c, List<Completion> completions, Backoff backoff, Instant now) {
    if (completions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    JsonArray batch = new JsonArray();
    for (Completion done : completions) {
      batch.add(
          new JsonObject()
              .put("id", done.jobId())
              .put("retries", done.retries())
              .put("state", done.succeeded() ? "finished" : "failed")
              .put("result", done.result()));
    }
    return c.preparedQuery(
            "UPDATE taskbus_jobs j SET state = c.state, result = c.result, finished = $2"
                + " FROM (SELECT (e->>'id')::bigint AS id, (e->>'retries')::int AS retries,"
                + " e->>'state' AS state, e->'result' AS result"
                + " FROM jsonb_array_elements($1::jsonb) e) c"
                + " WHERE j.id = c.id AND j.retries = c.retries AND j.state = 'active'"
                + " RETURNING j.id, j.retries, j.attempts, j.state")
        .execute(Tuple.of(batch, time(now)))
        .compose(
            rows -> {
              JsonArray retries = new JsonArray();
              for (Row row : rows) {
                int tries = row.getInteger("retries");
                if ("failed".equals(row.getString("state"))
                    && tries + 1 < row.getInteger("attempts")) {
                  retries.add(
                      new JsonObject()
                          .put("id", row.getLong("id"))
                          .put("retries", tries)
                          .put("delay", backoff.delay(tries).toMillis()));
                }
              }
              if (retries.isEmpty()) {
                return Future.succeededFuture(rows.rowCount());
              }
              return c.preparedQuery(
                      "UPDATE taskbus_jobs j SET state = 'inactive', retries = j.retries + 1,"
                          + " retried = $2::timestamptz, delayed = $2::timestamptz + (r->>'delay')::bigint"
                          + " * INTERVAL '1 millisecond' FROM jsonb_array_elements($1::jsonb) r"
                          + " WHERE j.id = (r->>'id')::bigint AND j.retries = (r->>'retries')::int")
                  .execute(Tuple.of(retries, time(now)))
                  .map(rows.rowCount());
            });
  }

  @Override
  public Future<Optional<Job>> job(long id) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "SELECT " + JOB_COLUMNS + ", " + CHILDREN + " FROM taskbus_jobs j WHERE id = $1")
            .execute(Tuple.of(id))
            .map(rows -> PgRows.jobs(rows).stream().findFirst()));
  }

  @Override
  public Future<JobPage> jobs(JobFilter filter) {
    JobFilterSql where = new JobFilterSql(filter, n -> "$" + n, n -> "notes ? $" + n);
    String condition = where.where();
    int n = where.params().size();
    Tuple params = Tuple.tuple(new ArrayList<>(where.params()));
    return unavailableOnFailure(
        pool.preparedQuery("SELECT COUNT(*) FROM taskbus_jobs j" + condition)
            .execute(params)
            .compose(
                count ->
                    pool.preparedQuery(
                            "SELECT "
                                + JOB_COLUMNS
                                + ", "
                                + CHILDREN
                                + " FROM taskbus_jobs j"
                                + condition
                                + " ORDER BY id DESC LIMIT $"
                                + (n + 1)
                                + " OFFSET $"
                                + (n + 2))
                        .execute(
                            Tuple.tuple(new ArrayList<>(where.params()))
                                .addInteger(filter.limit())
                                .addInteger(filter.offset()))
                        .map(
                            rows ->
                                new JobPage(
                                    PgRows.jobs(rows), count.iterator().next().getLong(0)))));
  }

  @Override
  public Future<Boolean> retry(long id, int retries, RetryOptions options) {
    Instant now = clock.instant();
    Instant delayed = options.delay() == null ? now : now.plus(options.delay());
    Instant expires = options.expire() == null ? null : now.plus(options.expire());
    Long[] parents = options.parents() == null ? null : options.parents().toArray(new Long[0]);
    return unavailableOnFailure(
        pool.withTransaction(
            c ->
                c.preparedQuery(
                        "UPDATE taskbus_jobs SET state = 'inactive', retries = retries + 1,"
                            + " retried = $1, delayed = $2, attempts = COALESCE($3, attempts),"
                            + " priority = COALESCE($4, priority), queue = COALESCE($5, queue),"
                            + " lax = COALESCE($6, lax), expires = COALESCE($7, expires),"
                            + " parents = COALESCE($8, parents) WHERE id = $9 AND retries = $10")
                    .execute(
                        Tuple.from(
                            java.util.Arrays.asList(
                                time(now),
                                time(delayed),
                                options.attempts(),
                                options.priority(),
                                options.queue(),
                                options.lax(),
                                time(expires),
                                parents,
                                id,
                                retries)))
                    .compose(
                        rows ->
                            rows.rowCount() == 0
                                ? Future.succeededFuture(false)
                                : c.query("NOTIFY taskbus_jobs").execute().map(true))));
  }

  @Override
  public Future<Boolean> remove(long id) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "DELETE FROM taskbus_jobs WHERE id = $1"
                    + " AND state IN ('inactive', 'finished', 'failed')")
            .execute(Tuple.of(id))
            .map(rows -> rows.rowCount() > 0));
  }

  @Override
  public Future<Boolean> note(long id, JsonObject changes) {
    return unavailableOnFailure(
        pool.preparedQuery(
                "UPDATE taskbus_jobs SET notes = (notes || $2::jsonb)"
                    + " - ARRAY(SELECT key FROM jsonb_each($2::jsonb) WHERE value = 'null'::jsonb)"
                    + " WHERE id = $1")
            .execute(Tuple.of(id, changes))
            .map(rows -> rows.rowCount() > 0));
  }

  @Override
  public Future<Stats> stats() {
    return unavailableOnFailure(PgReports.stats(pool, clock.instant()));
  }

  @Override
  public Future<List<HistoryPoint>> history() {
    return unavailableOnFailure(PgReports.history(pool, clock.instant()));
  }

  @Override
  public Future<RepairReport> repair(RepairPolicy policy, Backoff backoff) {
    Instant now = clock.instant();
    return unavailableOnFailure(
        pool.withTransaction(c -> new PgRepair(c, now).run(policy, backoff)));
  }
}
