package io.taskbus.job.sqlite;

import io.taskbus.job.History;
import io.taskbus.job.HistoryPoint;
import io.taskbus.job.Stats;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stats and hourly history on SQLite. */
final class SqliteReports {
  private SqliteReports() {}

  static Future<Stats> stats(SqliteDatabase db, long now) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT"
                      + " (SELECT COUNT(*) FROM taskbus_jobs WHERE state = 'inactive'"
                      + "   AND (expires IS NULL OR expires > ?)),"
                      + " (SELECT COUNT(*) FROM taskbus_jobs WHERE state = 'inactive'"
                      + "   AND delayed > ?),"
                      + " (SELECT COUNT(*) FROM taskbus_jobs WHERE state = 'active'),"
                      + " (SELECT COUNT(*) FROM taskbus_jobs WHERE state = 'finished'),"
                      + " (SELECT COUNT(*) FROM taskbus_jobs WHERE state = 'failed'),"
                      + " (SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence"
                      + "   WHERE name = 'taskbus_jobs'),"
                      + " (SELECT COUNT(DISTINCT worker) FROM taskbus_jobs WHERE state = 'active'),"
                      + " (SELECT COUNT(*) FROM taskbus_workers),"
                      + " (SELECT COUNT(*) FROM taskbus_locks WHERE expires > ?)")) {
            SqliteRows.bind(select, List.of(now, now, now));
            try (ResultSet r = select.executeQuery()) {
              long active = r.getLong(7);
              return new Stats(
                  r.getLong(1),
                  r.getLong(2),
                  r.getLong(3),
                  r.getLong(4),
                  r.getLong(5),
                  r.getLong(6),
                  active,
                  Math.max(0, r.getLong(8) - active),
                  r.getLong(9));
            }
          }
        });
  }

  static Future<List<HistoryPoint>> history(SqliteDatabase db, Instant now) {
    return db.inTransaction(
        c -> {
          Map<Instant, long[]> counts = new HashMap<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT (finished / 3600000) * 3600000 AS hour,"
                      + " SUM(state = 'finished'), SUM(state = 'failed') FROM taskbus_jobs"
                      + " WHERE state IN ('finished', 'failed') AND finished > ? GROUP BY hour")) {
            select.setLong(1, now.minus(History.SPAN).toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                counts.put(
                    Instant.ofEpochMilli(rows.getLong(1)),
                    new long[] {rows.getLong(2), rows.getLong(3)});
              }
            }
          }
          return History.lastDay(now, counts);
        });
  }
}
