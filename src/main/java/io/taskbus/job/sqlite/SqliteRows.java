package io.taskbus.job.sqlite;

import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps SQLite rows to jobs; times are epoch milliseconds, JSON is text. */
final class SqliteRows {
  static final String COLUMNS_WITHOUT_CHILDREN =
      "id, task, queue, state, args, result, notes, priority, attempts, retries, parents, lax,"
          + " worker, created, delayed, started, finished, retried, expires, '[]' AS children";
  static final String JOB_COLUMNS =
      "id, task, queue, state, args, result, notes, priority, attempts, retries, parents, lax,"
          + " worker, created, delayed, started, finished, retried, expires,"
          + " (SELECT json_group_array(child) FROM taskbus_job_parents WHERE parent = j.id)"
          + " AS children";

  private SqliteRows() {}

  static List<Job> jobs(PreparedStatement statement) throws SQLException {
    List<Job> jobs = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        jobs.add(job(rows));
      }
    }
    return jobs;
  }

  static Job job(ResultSet row) throws SQLException {
    String result = row.getString("result");
    return new Job(
        row.getLong("id"),
        row.getString("task"),
        row.getString("queue"),
        JobState.fromWire(row.getString("state")),
        new JsonArray(row.getString("args")),
        result == null ? null : Json.decodeValue(result),
        new JsonObject(row.getString("notes")),
        row.getInt("priority"),
        row.getInt("attempts"),
        row.getInt("retries"),
        longs(row.getString("parents")),
        longs(row.getString("children")),
        row.getInt("lax") != 0,
        nullableLong(row, "worker"),
        instant(row, "created"),
        instant(row, "delayed"),
        instant(row, "started"),
        instant(row, "finished"),
        instant(row, "retried"),
        instant(row, "expires"));
  }

  static List<Long> longs(String json) {
    return new JsonArray(json).stream().map(v -> ((Number) v).longValue()).sorted().toList();
  }

  static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    Long millis = nullableLong(row, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static void bind(PreparedStatement statement, List<?> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
  }
}
