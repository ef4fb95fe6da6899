package io.taskbus.job.pg;

import static io.taskbus.job.pg.PgRows.time;

import io.taskbus.job.History;
import io.taskbus.job.HistoryPoint;
import io.taskbus.job.Stats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stats and hourly history on PostgreSQL. */
final class PgReports {
  private PgReports() {}

  static Future<Stats> stats(Pool pool, Instant now) {
    return (pool.preparedQuery(
            "SELECT"
                + " COUNT(*) FILTER (WHERE state = 'inactive'"
                + "   AND (expires IS NULL OR expires > $1)),"
                + " COUNT(*) FILTER (WHERE state = 'inactive' AND delayed > $1),"
                + " COUNT(*) FILTER (WHERE state = 'active'),"
                + " COUNT(*) FILTER (WHERE state = 'finished'),"
                + " COUNT(*) FILTER (WHERE state = 'failed'),"
                + " (SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                + "   FROM taskbus_jobs_id_seq),"
                + " COUNT(DISTINCT worker) FILTER (WHERE state = 'active'),"
                + " (SELECT COUNT(*) FROM taskbus_workers),"
                + " (SELECT COUNT(*) FROM taskbus_locks WHERE expires > $1)"
                + " FROM taskbus_jobs")
        .execute(Tuple.of(time(now)))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              long active = r.getLong(6);
              return new Stats(
                  r.getLong(0),
                  r.getLong(1),
                  r.getLong(2),
                  r.getLong(3),
                  r.getLong(4),
                  r.getLong(5),
                  active,
                  Math.max(0, r.getLong(7) - active),
                  r.getLong(8));
            }));
  }

  static Future<List<HistoryPoint>> history(Pool pool, Instant now) {
    return (pool.preparedQuery(
            "SELECT (FLOOR(EXTRACT(EPOCH FROM finished) / 3600) * 3600)::bigint AS hour,"
                + " COUNT(*) FILTER (WHERE state = 'finished'),"
                + " COUNT(*) FILTER (WHERE state = 'failed') FROM taskbus_jobs"
                + " WHERE state IN ('finished', 'failed') AND finished > $1 GROUP BY 1")
        .execute(Tuple.of(time(now.minus(History.SPAN))))
        .map(
            rows -> {
              Map<Instant, long[]> counts = new HashMap<>();
              for (Row row : rows) {
                counts.put(
                    Instant.ofEpochSecond(row.getLong(0)),
                    new long[] {row.getLong(1), row.getLong(2)});
              }
              return History.lastDay(now, counts);
            }));
  }
}
