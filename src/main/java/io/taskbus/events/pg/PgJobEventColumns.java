package io.taskbus.events.pg;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Job events on PostgreSQL are stored as columns of their stream message (V13); this writes them
 * back as the event's JSON, {"event","at","node","job":{the record}}, when a node reads them. Older
 * events kept their JSON payload, which is read as it is.
 */
public final class PgJobEventColumns {
  /**
   * The columns to select after the message's payload, for {@link #payload}; {@code m} is the
   * stream message table. The message's time comes first ({@link #time}: it is also the event's
   * "at"). JSON columns come as their text, which the event embeds unchanged.
   */
  public static final String SELECT =
      "m.time, m.job_event, m.job_node, m.job, m.job_task, m.job_queue, m.job_state,"
          + " m.job_args::text, m.job_result::text, m.job_notes::text, m.job_priority,"
          + " m.job_attempts, m.job_retries, m.job_parents, m.job_lax, m.job_worker,"
          + " m.job_created, m.job_delayed, m.job_started, m.job_finished, m.job_retried,"
          + " m.job_expires, m.job_children";

  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();
  private static final long[] TENS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private PgJobEventColumns() {}

  /**
   * The message's bytes: its payload column at {@code payload} when it has one, else the event
   * written from the {@link #SELECT} columns that follow it.
   */
  public static Buffer payload(Row row, int payload) {
    Buffer stored = row.getBuffer(payload);
    if (stored != null) {
      return stored;
    }
    // Written by hand, not through a JSON library: a node that feeds subscribers writes every
    // event of every job, and this was the largest part of its own work per event.
    StringBuilder out = new StringBuilder(640);
    string(out.append("{\"event\":"), row.getString(payload + 2));
    time(out.append(",\"at\":"), row.getOffsetDateTime(payload + 1));
    string(out.append(",\"node\":"), row.getString(payload + 3));
    int j = payload + 4; // the job's columns, in taskbus_jobs' order
    out.append(",\"job\":{\"id\":").append(row.getLong(j).longValue());
    string(out.append(",\"task\":"), row.getString(j + 1));
    string(out.append(",\"queue\":"), row.getString(j + 2));
    string(out.append(",\"state\":"), row.getString(j + 3));
    out.append(",\"args\":").append(row.getString(j + 4));
    json(out.append(",\"result\":"), row.getString(j + 5));
    out.append(",\"notes\":").append(row.getString(j + 6));
    out.append(",\"priority\":").append(row.getInteger(j + 7).intValue());
    out.append(",\"attempts\":").append(row.getInteger(j + 8).intValue());
    out.append(",\"retries\":").append(row.getInteger(j + 9).intValue());
    ids(out.append(",\"parents\":"), row.getArrayOfLongs(j + 10));
    out.append(",\"lax\":").append(row.getBoolean(j + 11).booleanValue());
    Long worker = row.getLong(j + 12);
    if (worker == null) {
      out.append(",\"worker\":null");
    } else {
      out.append(",\"worker\":").append(worker.longValue());
    }
    time(out.append(",\"created\":"), row.getOffsetDateTime(j + 13));
    time(out.append(",\"delayed\":"), row.getOffsetDateTime(j + 14));
    time(out.append(",\"started\":"), row.getOffsetDateTime(j + 15));
    time(out.append(",\"finished\":"), row.getOffsetDateTime(j + 16));
    time(out.append(",\"retried\":"), row.getOffsetDateTime(j + 17));
    time(out.append(",\"expires\":"), row.getOffsetDateTime(j + 18));
    Long[] children = row.getArrayOfLongs(j + 19);
    if (children != null) {
      Arrays.sort(children); // stored unordered (V13)
    }
    ids(out.append(",\"children\":"), children);
    return Buffer.buffer(out.append("}}").toString());
  }

  /** The message's time: the first of the {@link #SELECT} columns, after the payload. */
  public static Instant time(Row row, int payload) {
    return row.getOffsetDateTime(payload + 1).toInstant();
  }

  private static void json(StringBuilder out, String text) {
    out.append(text == null ? "null" : text);
  }

  private static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    if (plain(value)) {
      out.append(value);
    } else {
      STRINGS.quoteAsString(value, out);
    }
    out.append('"');
  }

  /** True when JSON needs no escapes in {@code value}: the names a job usually has. */
  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void ids(StringBuilder out, Long[] ids) {
    out.append('[');
    for (int i = 0; ids != null && i < ids.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(ids[i].longValue());
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
    // Seven times an event: one append of a filled array, not one per character.
    char[] c = new char[36];
    c[0] = '"';
    int n = 1 + digits(c, 1, t.getYear(), 4);
    c[n] = '-';
    digits(c, n + 1, t.getMonthValue(), 2);
    c[n + 3] = '-';
    digits(c, n + 4, t.getDayOfMonth(), 2);
    c[n + 6] = 'T';
    digits(c, n + 7, t.getHour(), 2);
    c[n + 9] = ':';
    digits(c, n + 10, t.getMinute(), 2);
    c[n + 12] = ':';
    digits(c, n + 13, t.getSecond(), 2);
    n += 15;
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      int width = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        width--;
      }
      c[n] = '.';
      n += 1 + digits(c, n + 1, micros, width);
    }
    "+00:00\"".getChars(0, 7, c, n);
    out.append(c, 0, n + 7);
  }

  /**
   * Writes {@code value} (not negative) at {@code at} in at least {@code width} digits, zeros in
   * front; answers how many it wrote.
   */
  private static int digits(char[] c, int at, int value, int width) {
    int count = width;
    for (long limit = TENS[width]; value >= limit; limit *= 10) {
      count++;
    }
    for (int i = at + count - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return count;
  }
}
