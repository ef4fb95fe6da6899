package io.taskbus.events.pg;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Job events on PostgreSQL are stored as columns of their stream message (V13); this writes them
 * back as the event's JSON, {"event","at","node","job":{the record}}, when a node reads them. Older
 * events kept their JSON payload, which is read as it is.
 */
public final class PgJobEventColumns {
  /**
   * The columns to select after the message's payload, for {@link #payload}; {@code m} is the
   * stream message table. JSON columns come as their text, which the event embeds unchanged.
   */
  public static final String SELECT =
      "m.job_event, m.time, m.job_node, m.job, m.job_task, m.job_queue, m.job_state,"
          + " m.job_args::text, m.job_result::text, m.job_notes::text, m.job_priority,"
          + " m.job_attempts, m.job_retries, m.job_parents, m.job_lax, m.job_worker,"
          + " m.job_created, m.job_delayed, m.job_started, m.job_finished, m.job_retried,"
          + " m.job_expires, m.job_children";

  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  private PgJobEventColumns() {}

  /**
   * The message's bytes: its payload column at {@code payload} when it has one, else the event
   * written from the {@link #SELECT} columns that start at {@code payload + 1}.
   */
  public static Buffer payload(Row row, int payload) {
    Buffer stored = row.getBuffer(payload);
    if (stored != null) {
      return stored;
    }
    int i = payload + 1;
    StringBuilder out = new StringBuilder(640);
    out.append("{\"event\":");
    string(out, row.getString(i));
    out.append(",\"at\":");
    time(out, row.getOffsetDateTime(i + 1));
    out.append(",\"node\":");
    string(out, row.getString(i + 2));
    out.append(",\"job\":{\"id\":").append(row.getLong(i + 3));
    out.append(",\"task\":");
    string(out, row.getString(i + 4));
    out.append(",\"queue\":");
    string(out, row.getString(i + 5));
    out.append(",\"state\":");
    string(out, row.getString(i + 6));
    out.append(",\"args\":").append(row.getString(i + 7));
    out.append(",\"result\":").append(orNull(row.getString(i + 8)));
    out.append(",\"notes\":").append(row.getString(i + 9));
    out.append(",\"priority\":").append(row.getInteger(i + 10));
    out.append(",\"attempts\":").append(row.getInteger(i + 11));
    out.append(",\"retries\":").append(row.getInteger(i + 12));
    out.append(",\"parents\":");
    ids(out, row.getArrayOfLongs(i + 13));
    out.append(",\"lax\":").append(row.getBoolean(i + 14));
    out.append(",\"worker\":").append(orNull(row.getLong(i + 15)));
    String[] times = {"created", "delayed", "started", "finished", "retried", "expires"};
    for (int t = 0; t < times.length; t++) {
      out.append(",\"").append(times[t]).append("\":");
      time(out, row.getOffsetDateTime(i + 16 + t));
    }
    out.append(",\"children\":");
    ids(out, row.getArrayOfLongs(i + 22));
    out.append("}}");
    return Buffer.buffer(out.toString());
  }

  private static String orNull(Object value) {
    return value == null ? "null" : value.toString();
  }

  private static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    STRINGS.quoteAsString(value, out);
    out.append('"');
  }

  private static void ids(StringBuilder out, Long[] ids) {
    out.append('[');
    for (int i = 0; ids != null && i < ids.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(ids[i]);
    }
    out.append(']');
  }

  /**
   * As PostgreSQL's to_json writes a time in a UTC session, which events written as JSON used:
   * 2026-01-01T10:00:00.1234+00:00, microseconds without trailing zeros.
   */
  static void time(StringBuilder out, OffsetDateTime value) {
    if (value == null) {
      out.append("null");
      return;
    }
    LocalDateTime t = value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    out.append('"');
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append('T');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      int digits = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        digits--;
      }
      pad(out.append('.'), micros, digits);
    }
    out.append("+00:00\"");
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
