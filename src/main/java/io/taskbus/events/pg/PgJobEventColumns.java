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
   * The message's bytes: its payload column at {@code payload} when it has one, else the event
   * written from the {@link #SELECT} columns that follow it.
   */
  public static Buffer payload(Row row, int payload) {
    Buffer stored = row.getBuffer(payload);
    if (stored != null) {
      return stored;
    }
    // Written by hand into bytes, not through a JSON library or a string: a node that feeds
    // subscribers writes every event of every job, and this was the largest part of its own work
    // per event.
    JsonBytes out = new JsonBytes(640);
    out.raw(EVENT).string(row.getString(payload + 2));
    out.raw(AT).time(row.getOffsetDateTime(payload + 1));
    out.raw(NODE).string(row.getString(payload + 3));
    int j = payload + 4; // the job's columns, in taskbus_jobs' order
    out.raw(ID).number(row.getLong(j));
    out.raw(TASK).string(row.getString(j + 1));
    out.raw(QUEUE).string(row.getString(j + 2));
    out.raw(STATE).string(row.getString(j + 3));
    out.raw(ARGS).json(row.getString(j + 4));
    out.raw(RESULT).json(row.getString(j + 5));
    out.raw(NOTES).json(row.getString(j + 6));
    out.raw(PRIORITY).number(row.getInteger(j + 7));
    out.raw(ATTEMPTS).number(row.getInteger(j + 8));
    out.raw(RETRIES).number(row.getInteger(j + 9));
    out.raw(PARENTS).ids(row.getArrayOfLongs(j + 10));
    out.raw(LAX).bool(row.getBoolean(j + 11));
    Long worker = row.getLong(j + 12);
    if (worker == null) {
      out.raw(NO_WORKER);
    } else {
      out.raw(WORKER).number(worker);
    }
    out.raw(CREATED).time(row.getOffsetDateTime(j + 13));
    out.raw(DELAYED).time(row.getOffsetDateTime(j + 14));
    out.raw(STARTED).time(row.getOffsetDateTime(j + 15));
    out.raw(FINISHED).time(row.getOffsetDateTime(j + 16));
    out.raw(RETRIED).time(row.getOffsetDateTime(j + 17));
    out.raw(EXPIRES).time(row.getOffsetDateTime(j + 18));
    Long[] children = row.getArrayOfLongs(j + 19);
    if (children != null) {
      Arrays.sort(children); // stored unordered (V13)
    }
    return out.raw(CHILDREN).ids(children).raw(END).buffer();
  }

  /** The message's time: the first of the {@link #SELECT} columns, after the payload. */
  public static Instant time(Row row, int payload) {
    return row.getOffsetDateTime(payload + 1).toInstant();
  }
}
