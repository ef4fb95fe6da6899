package io.taskbus.job.pg;

import static io.taskbus.job.pg.PgRows.time;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One repair pass on PostgreSQL, inside the caller's transaction. */
final class PgRepair {
  static final String WORKER_WENT_AWAY = "Worker went away";
  static final String STUCK = "Job appears stuck in queue";

  private final SqlConnection c;
  private final Instant now;

  PgRepair(SqlConnection c, Instant now) {
    this.c = c;
    this.now = now;
  }

  /** Names why the next deletes happen: their job events carry it (see the delete trigger). */
  private Future<Void> reason(String why) {
    return c.preparedQuery("SELECT set_config('taskbus.reason', $1, true)")
        .execute(Tuple.of(why))
        .mapEmpty();
  }

  Future<RepairReport> run(RepairPolicy policy, Backoff backoff) {
    int[] counts = new int[5];
    return c.preparedQuery("DELETE FROM taskbus_workers WHERE notified < $1")
        .execute(Tuple.of(time(now.minus(policy.missingAfter()))))
        .compose(
            rows -> {
              counts[0] = rows.rowCount();
              return c.query(
                      "SELECT id, retries FROM taskbus_jobs j WHERE state = 'active'"
                          + " AND (worker IS NULL OR NOT EXISTS"
                          + " (SELECT 1 FROM taskbus_workers w WHERE w.id = j.worker))"
                          + " FOR UPDATE")
                  .execute();
            })
        .compose(
            rows -> {
              List<Completion> abandoned = new ArrayList<>();
              for (Row row : rows) {
                abandoned.add(
                    new Completion(row.getLong(0), row.getInteger(1), false, WORKER_WENT_AWAY));
              }
              return PgJobStore.completeIn(c, abandoned, backoff, now);
            })
        .compose(
            failed -> {
              counts[1] = failed;
              return reason("purged")
                  .compose(
                      v ->
                          c.preparedQuery(
                                  "DELETE FROM taskbus_jobs WHERE state = 'finished'"
                                      + " AND finished <= $1")
                              .execute(Tuple.of(time(now.minus(policy.removeAfter())))));
            })
        .compose(
            rows -> {
              counts[2] = rows.rowCount();
              return reason("expired")
                  .compose(
                      v ->
                          c.preparedQuery(
                                  "DELETE FROM taskbus_jobs WHERE state = 'inactive'"
                                      + " AND expires <= $1")
                              .execute(Tuple.of(time(now))));
            })
        .compose(
            rows -> {
              counts[3] = rows.rowCount();
              if (!policy.searchesStuckJobs()) {
                return Future.succeededFuture(0);
              }
              return c.preparedQuery(
                      "UPDATE taskbus_jobs SET state = 'failed', result = to_jsonb($1::text),"
                          + " finished = $2 WHERE state = 'inactive' AND delayed <= $3")
                  .execute(Tuple.of(STUCK, time(now), time(now.minus(policy.stuckAfter()))))
                  .map(SqlResult::rowCount);
            })
        .map(stuck -> new RepairReport(counts[0], counts[1], counts[2], counts[3], stuck));
  }
}
