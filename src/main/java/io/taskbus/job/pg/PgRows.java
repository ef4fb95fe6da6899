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
  // job() reads these by position: a query selects them first and in this order.
  static final String JOB_COLUMNS =
      "id, task, queue, state, args, result, notes, priority, attempts, retries, parents, lax,"
          + " worker, created, delayed, started, finished, retried, expires";
  static final String CHILDREN =
      "ARRAY(SELECT c.id FROM taskbus_jobs c WHERE c.parents <> '{}' AND c.parents @> ARRAY[j.id]"
          + " ORDER BY c.id)"
          + " AS children";
  // Where CHILDREN comes when it follows JOB_COLUMNS.
  private static final int CHILDREN_INDEX = 19;

  private PgRows() {}

  /**
   * Rows that start with {@link #JOB_COLUMNS}, in that order, optionally followed by {@link
   * #CHILDREN}. Read by position: a lookup by name searches the column names, and for a dequeue of
   * a thousand jobs that was twenty searches a row.
   */
  static List<Job> jobs(RowSet<Row> rows) {
    boolean children = rows.columnsNames().size() > CHILDREN_INDEX;
    List<Job> jobs = new ArrayList<>(rows.size());
    for (Row row : rows) {
      jobs.add(job(row, children));
    }
    return jobs;
  }

  private static Job job(Row row, boolean children) {
    return new Job(
        row.getLong(0),
        row.getString(1),
        row.getString(2),
        JobState.fromWire(row.getString(3)),
        (JsonArray) row.getValue(4),
        json(row.getValue(5)),
        (JsonObject) row.getValue(6),
        row.getInteger(7),
        row.getInteger(8),
        row.getInteger(9),
        longs(row.getArrayOfLongs(10)),
        children ? longs(row.getArrayOfLongs(CHILDREN_INDEX)) : List.of(),
        row.getBoolean(11),
        row.getLong(12),
        instant(row, 13),
        instant(row, 14),
        instant(row, 15),
        instant(row, 16),
        instant(row, 17),
        instant(row, 18));
  }

  static Object json(Object value) {
    return value == Tuple.JSON_NULL ? null : value;
  }

  static List<Long> longs(Long[] values) {
    return values == null ? List.of() : Arrays.stream(values).sorted().toList();
  }

  static Instant instant(Row row, String column) {
    return instant(row, row.getColumnIndex(column));
  }

  private static Instant instant(Row row, int column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
