package io.taskbus.job.sqlite;

import static io.taskbus.job.sqlite.SqliteDatabase.execute;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One repair pass on SQLite, inside the caller's transaction. */
final class SqliteRepair {
  static final String WORKER_WENT_AWAY = "Worker went away";
  static final String STUCK = "Job appears stuck in queue";

  private final SqliteJobStore store;
  private final Connection c;
  private final long now;

  SqliteRepair(SqliteJobStore store, Connection c, long now) {
    this.store = store;
    this.c = c;
    this.now = now;
  }

  RepairReport run(RepairPolicy policy, Backoff backoff) throws SQLException {
    int missing =
        execute(
            c,
            "DELETE FROM taskbus_workers WHERE notified < ?",
            now - policy.missingAfter().toMillis());
    List<Completion> abandoned = new ArrayList<>();
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT id, retries FROM taskbus_jobs WHERE state = 'active'"
                    + " AND (worker IS NULL OR worker NOT IN (SELECT id FROM taskbus_workers))");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        abandoned.add(new Completion(rows.getLong(1), rows.getInt(2), false, WORKER_WENT_AWAY));
      }
    }
    int failed = store.completeIn(c, abandoned, backoff, now);
    // Names why the next deletes happen: their job events carry it (see the delete trigger).
    execute(c, "UPDATE taskbus_event_context SET reason = 'purged'");
    int purged =
        execute(
            c,
            // INDEXED BY: on its own SQLite picks the index with state first, and reads every
            // finished job (56.6 ms a pass with 432,500 of them, 0.01 ms by finish time).
            "DELETE FROM taskbus_jobs INDEXED BY taskbus_jobs_finished"
                + " WHERE state = 'finished' AND finished <= ?",
            now - policy.removeAfter().toMillis());
    execute(c, "UPDATE taskbus_event_context SET reason = 'expired'");
    int expired =
        execute(
            c,
            "DELETE FROM taskbus_jobs INDEXED BY taskbus_jobs_expiring"
                + " WHERE state = 'inactive' AND expires <= ?",
            now);
    execute(c, "UPDATE taskbus_event_context SET reason = NULL");
    if (purged + expired > 0) {
      execute(
          c, "DELETE FROM taskbus_job_parents WHERE child NOT IN (SELECT id FROM taskbus_jobs)");
    }
    int stuck =
        policy.searchesStuckJobs()
            ? execute(
                c,
                "UPDATE taskbus_jobs SET state = 'failed', result = ?, finished = ?"
                    + " WHERE state = 'inactive' AND delayed <= ?",
                io.vertx.core.json.Json.encode(STUCK),
                now,
                now - policy.stuckAfter().toMillis())
            : 0;
    return new RepairReport(missing, failed, purged, expired, stuck);
  }
}
