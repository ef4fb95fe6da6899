package io.taskbus.job.pg;

import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Maps PostgreSQL rows to jobs. */
final class PgRows {
  static final String JOB_COLUMNS =
      "id, task, queue, state, args, result, notes, priority, attempts, retries, parents, lax,"
          + " worker, created, delayed, started, finished, retried, expires";
  static final String CHILDREN =
      "ARRAY(SELECT c.id FROM taskbus_jobs c WHERE c.parents <> '{}' AND c.parents @> ARRAY[j.id]"
          + " ORDER BY c.id)"
          + " AS children";

  private PgRows() {}

  static List<Job> jobs(RowSet<Row> rows) {
    List<Job> jobs = new ArrayList<>();
    for (Row row : rows) {
      jobs.add(job(row));
    }
    return jobs;
  }

  static Job job(Row row) {
    return new Job(
        row.getLong("id"),
        row.getString("task"),
        row.getString("queue"),
        JobState.fromWire(row.getString("state")),
        (JsonArray) row.getValue("args"),
        json(row.getValue("result")),
        (JsonObject) row.getValue("notes"),
        row.getInteger("priority"),
        row.getInteger("attempts"),
        row.getInteger("retries"),
        longs(row.getArrayOfLongs("parents")),
        row.getColumnIndex("children") < 0 ? List.of() : longs(row.getArrayOfLongs("children")),
        row.getBoolean("lax"),
        row.getLong("worker"),
        instant(row, "created"),
        instant(row, "delayed"),
        instant(row, "started"),
        instant(row, "finished"),
        instant(row, "retried"),
        instant(row, "expires"));
  }

  static Object json(Object value) {
    return value == Tuple.JSON_NULL ? null : value;
  }

  static List<Long> longs(Long[] values) {
    return values == null ? List.of() : Arrays.stream(values).sorted().toList();
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
