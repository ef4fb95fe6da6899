package io.taskbus.events.pg;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
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

  private static final byte[] EVENT = JsonBytes.ascii("{\"event\":");
  private static final byte[] AT = JsonBytes.ascii(",\"at\":");
  private static final byte[] NODE = JsonBytes.ascii(",\"node\":");
  private static final byte[] ID = JsonBytes.ascii(",\"job\":{\"id\":");
  private static final byte[] TASK = JsonBytes.ascii(",\"task\":");
  private static final byte[] QUEUE = JsonBytes.ascii(",\"queue\":");
  private static final byte[] STATE = JsonBytes.ascii(",\"state\":");
  private static final byte[] ARGS = JsonBytes.ascii(",\"args\":");
  private static final byte[] RESULT = JsonBytes.ascii(",\"result\":");
  private static final byte[] NOTES = JsonBytes.ascii(",\"notes\":");
  private static final byte[] PRIORITY = JsonBytes.ascii(",\"priority\":");
  private static final byte[] ATTEMPTS = JsonBytes.ascii(",\"attempts\":");
  private static final byte[] RETRIES = JsonBytes.ascii(",\"retries\":");
  private static final byte[] PARENTS = JsonBytes.ascii(",\"parents\":");
  private static final byte[] LAX = JsonBytes.ascii(",\"lax\":");
  private static final byte[] WORKER = JsonBytes.ascii(",\"worker\":");
  private static final byte[] NO_WORKER = JsonBytes.ascii(",\"worker\":null");
  private static final byte[] CREATED = JsonBytes.ascii(",\"created\":");
  private static final byte[] DELAYED = JsonBytes.ascii(",\"delayed\":");
  private static final byte[] STARTED = JsonBytes.ascii(",\"started\":");
  private static final byte[] FINISHED = JsonBytes.ascii(",\"finished\":");
  private static final byte[] RETRIED = JsonBytes.ascii(",\"retried\":");
  private static final byte[] EXPIRES = JsonBytes.ascii(",\"expires\":");
  private static final byte[] CHILDREN = JsonBytes.ascii(",\"children\":");
  private static final byte[] END = JsonBytes.ascii("}}");

  private PgJobEventColumns() {}

  /**
   * The same columns as {@link #SELECT}, except that a job's fields that change only while it waits
   * (task, queue, args, priority, attempts, parents, lax, created, delayed, retried, expires) are
   * NULL in events that leave it in any other state: started, finished, failed, and notes or
   * removal of a job that is not waiting. A reader that has an earlier event of the job writes them
   * from that ({@link Statics}). Only an enqueue and a retry change them, and both leave the job
   * waiting; a retry also counts {@code retries}, which is always read, so a reader holding fields
   * of an earlier try knows them for out of date. The task column tells the two kinds of row apart:
   * it is never NULL in a job.
   */
  public static final String SELECT_CHANGED =
      "m.time, m.job_event, m.job_node, m.job, "
          + waiting("m.job_task")
          + ", "
          + waiting("m.job_queue")
          + ", m.job_state, "
          + waiting("m.job_args::text")
          + ", m.job_result::text, m.job_notes::text, "
          + waiting("m.job_priority")
          + ", "
          + waiting("m.job_attempts")
          + ", m.job_retries, "
          + waiting("m.job_parents")
          + ", "
          + waiting("m.job_lax")
          + ", m.job_worker, "
          + waiting("m.job_created")
          + ", "
          + waiting("m.job_delayed")
          + ", m.job_started, m.job_finished, "
          + waiting("m.job_retried")
          + ", "
          + waiting("m.job_expires")
          + ", m.job_children";

  /**
   * A job's fields that {@link #SELECT_CHANGED} leaves out, as an event of its try {@code retries}
   * writes them: the parts of the record between the fields that change.
   */
  public record Statics(
      int retries, byte[] names, byte[] args, byte[] counts, byte[] times, byte[] later) {}

  /** An event's JSON and the job's {@link Statics} in it. */
  public record Written(Buffer json, Statics statics) {}

  private static String waiting(String column) {
    return "CASE WHEN m.job_state = 'inactive' THEN " + column + " END";
  }

  /**
   * The message's bytes: its payload column at {@code payload} when it has one, else the event
   * written from the {@link #SELECT} columns that follow it.
   */
  public static Buffer payload(Row row, int payload) {
    Buffer stored = row.getBuffer(payload);
    if (stored != null) {
      return stored;
    }
    return render(row, payload, null, false).json();
  }

  /** True when the row, read with {@link #SELECT_CHANGED}, left out the job's {@link Statics}. */
  public static boolean withoutStatics(Row row, int payload) {
    return row.getBuffer(payload) == null && row.getString(payload + 5) == null;
  }

  /** The job's id of a row with columns, else null. */
  public static Long job(Row row, int payload) {
    return row.getLong(payload + 4);
  }

  /** The job's state of a row with columns, else null. */
  public static String state(Row row, int payload) {
    return row.getString(payload + 7);
  }

  /** The job's try of a row with columns: {@link Statics} of another try do not apply to it. */
  public static int retries(Row row, int payload) {
    return row.getInteger(payload + 13);
  }

  /**
   * Writes the event of a row without a payload. With {@code known} null the row has every column
   * ({@link #SELECT}); else the job's statics come from {@code known}, which an earlier event of
   * the same try gave, and the row's own are not read.
   */
  public static Written write(Row row, int payload, Statics known) {
    return render(row, payload, known, known == null);
  }

  // Written by hand into bytes, not through a JSON library or a string: a node that feeds
  // subscribers writes every event of every job, and this was the largest part of its own work
  // per event.
  private static Written render(Row row, int payload, Statics known, boolean capture) {
    JsonBytes out = new JsonBytes(640);
    out.raw(EVENT).string(row.getString(payload + 2));
    out.raw(AT).time(row.getOffsetDateTime(payload + 1));
    out.raw(NODE).string(row.getString(payload + 3));
    int j = payload + 4; // the job's columns, in taskbus_jobs' order
    out.raw(ID).number(row.getLong(j));
    int[] at = new int[10];
    at[0] = out.length();
    if (known == null) {
      out.raw(TASK).string(row.getString(j + 1));
      out.raw(QUEUE).string(row.getString(j + 2));
    } else {
      out.raw(known.names());
    }
    at[1] = out.length();
    out.raw(STATE).string(row.getString(j + 3));
    at[2] = out.length();
    if (known == null) {
      out.raw(ARGS).json(row.getString(j + 4));
    } else {
      out.raw(known.args());
    }
    at[3] = out.length();
    out.raw(RESULT).json(row.getString(j + 5));
    out.raw(NOTES).json(row.getString(j + 6));
    at[4] = out.length();
    if (known == null) {
      out.raw(PRIORITY).number(row.getInteger(j + 7));
      out.raw(ATTEMPTS).number(row.getInteger(j + 8));
      out.raw(RETRIES).number(row.getInteger(j + 9));
      out.raw(PARENTS).ids(row.getArrayOfLongs(j + 10));
      out.raw(LAX).bool(row.getBoolean(j + 11));
    } else {
      out.raw(known.counts());
    }
    at[5] = out.length();
    Long worker = row.getLong(j + 12);
    if (worker == null) {
      out.raw(NO_WORKER);
    } else {
      out.raw(WORKER).number(worker);
    }
    at[6] = out.length();
    if (known == null) {
      out.raw(CREATED).time(row.getOffsetDateTime(j + 13));
      out.raw(DELAYED).time(row.getOffsetDateTime(j + 14));
    } else {
      out.raw(known.times());
    }
    at[7] = out.length();
    out.raw(STARTED).time(row.getOffsetDateTime(j + 15));
    out.raw(FINISHED).time(row.getOffsetDateTime(j + 16));
    at[8] = out.length();
    if (known == null) {
      out.raw(RETRIED).time(row.getOffsetDateTime(j + 17));
      out.raw(EXPIRES).time(row.getOffsetDateTime(j + 18));
    } else {
      out.raw(known.later());
    }
    at[9] = out.length();
    Long[] children = row.getArrayOfLongs(j + 19);
    if (children != null) {
      Arrays.sort(children); // stored unordered (V13)
    }
    out.raw(CHILDREN).ids(children).raw(END);
    Statics statics = known;
    if (capture) {
      statics =
          new Statics(
              row.getInteger(j + 9),
              out.bytes(at[0], at[1]),
              out.bytes(at[2], at[3]),
              out.bytes(at[4], at[5]),
              out.bytes(at[6], at[7]),
              out.bytes(at[8], at[9]));
    }
    return new Written(out.buffer(), statics);
  }

  /** The message's time: the first of the {@link #SELECT} columns, after the payload. */
  public static Instant time(Row row, int payload) {
    return row.getOffsetDateTime(payload + 1).toInstant();
  }
}
