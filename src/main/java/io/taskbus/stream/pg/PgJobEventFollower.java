package io.taskbus.stream.pg;

import static io.taskbus.stream.pg.PgStreamStore.PAYLOAD;

import io.taskbus.events.pg.PgJobEventColumns;
import io.taskbus.events.pg.PgJobEventColumns.Statics;
import io.taskbus.events.pg.PgJobEventColumns.Written;
import io.taskbus.stream.StreamFollower;
import io.taskbus.stream.StreamMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the {@code jobs} stream for a node's live feed. Most of a job's fields do not change
 * after it is enqueued, yet every event carries them: reading them back is a large part of what a
 * live subscriber costs PostgreSQL and the node. This reads them only from events that leave a job
 * waiting ({@link PgJobEventColumns#SELECT_CHANGED}) and writes the others' from the last such
 * event of the same try (the same {@code retries}) it read; any other event is read whole. The
 * bytes are the same as {@link PgStreamStore#read} gives.
 */
final class PgJobEventFollower implements StreamFollower {
  // Jobs that neither finished nor failed yet, about 500 bytes each; beyond this the oldest are
  // forgotten, and their next events read whole. A benchmark's backlog stays below it.
  private static final int MAX_JOBS = 50_000;

  private static final String READ =
      PgStreamStore.HEAD_CHANGED
          + PgJobEventColumns.SELECT_CHANGED
          + PgStreamStore.FROM
          + " WHERE m.stream = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3";
  private static final String READ_WHOLE =
      PgStreamStore.HEAD
          + PgJobEventColumns.SELECT
          + PgStreamStore.FROM
          + " WHERE m.stream = $1 AND m.seq = ANY($2) ORDER BY m.seq";

  private record Known(String topic, Statics statics) {}

  private final Pool pool;
  private final String stream;
  private final Map<Long, Known> jobs = new LinkedHashMap<>();
  private long next = -1;

  PgJobEventFollower(Pool pool, String stream) {
    this.pool = pool;
    this.stream = stream;
  }

  @Override
  public Future<List<StreamMessage>> read(long offset, int limit) {
    if (offset + 1 != next) {
      jobs.clear(); // not where the last page ended: what is known may be out of date
    }
    return pool.preparedQuery(READ)
        .execute(Tuple.of(stream, offset, limit))
        .compose(rows -> page(offset, rows));
  }

  private Future<List<StreamMessage>> page(long offset, Iterable<Row> rows) {
    List<Row> page = new ArrayList<>();
    rows.forEach(page::add);
    if (!dense(offset, page)) {
      jobs.clear();
    }
    // Which rows left out what this reader does not know: their job's try was not seen waiting.
    List<Long> whole = new ArrayList<>();
    Map<Long, Integer> seen = new HashMap<>(); // the try whose fields this page gives, by job
    for (Row row : page) {
      Long job = PgJobEventColumns.job(row, PAYLOAD);
      if (row.getBuffer(PAYLOAD) != null || job == null) {
        continue; // stored with its payload
      }
      int retries = PgJobEventColumns.retries(row, PAYLOAD);
      Integer given = seen.get(job);
      if (!PgJobEventColumns.withoutStatics(row, PAYLOAD)) {
        seen.put(job, retries);
      } else if (given == null ? !knows(job, retries) : given != retries) {
        whole.add(row.getLong(1));
        seen.put(job, retries); // its later events here are written from this one
      }
    }
    if (whole.isEmpty()) {
      return Future.succeededFuture(messages(page, Map.of()));
    }
    return pool.preparedQuery(READ_WHOLE)
        .execute(Tuple.of(stream).addArrayOfLong(whole.toArray(new Long[0])))
        .map(
            found -> {
              Map<Long, Row> bySeq = new HashMap<>();
              found.forEach(row -> bySeq.put(row.getLong(1), row));
              return messages(page, bySeq);
            });
  }

  private static boolean dense(long offset, List<Row> page) {
    long expected = offset + 1;
    for (Row row : page) {
      if (row.getLong(1) != expected++) {
        return false;
      }
    }
    return true;
  }

  /** The page's messages, in order; {@code whole} has the rows read again with every column. */
  private List<StreamMessage> messages(List<Row> page, Map<Long, Row> whole) {
    List<StreamMessage> out = new ArrayList<>(page.size());
    Map<Long, String> lastState = new HashMap<>();
    for (Row listed : page) {
      long seq = listed.getLong(1);
      Row row = whole.getOrDefault(seq, listed);
      Buffer stored = row.getBuffer(PAYLOAD);
      Long job = PgJobEventColumns.job(row, PAYLOAD);
      if (stored != null || job == null) { // job events before V13 kept their JSON
        out.add(PgStreamStore.message(stream, row, row.getString(2), stored));
        continue;
      }
      String topic;
      Written written;
      if (PgJobEventColumns.withoutStatics(row, PAYLOAD)) {
        if (!knows(job, PgJobEventColumns.retries(row, PAYLOAD))) {
          jobs.clear(); // trimmed between the two reads
          throw new IllegalStateException("offset " + seq + " of " + stream + " is gone");
        }
        Known known = jobs.get(job);
        topic = known.topic();
        written = PgJobEventColumns.write(row, PAYLOAD, known.statics());
      } else {
        topic = row.getString(2);
        written = PgJobEventColumns.write(row, PAYLOAD, null);
        jobs.put(job, new Known(topic, written.statics()));
      }
      lastState.put(job, PgJobEventColumns.state(row, PAYLOAD));
      out.add(PgStreamStore.message(stream, row, topic, written.json()));
    }
    if (!page.isEmpty()) {
      next = page.get(page.size() - 1).getLong(1) + 1;
    }
    forgetEnded(lastState);
    return out;
  }

  /** True when this reader holds the fields of the job's try {@code retries}. */
  private boolean knows(long job, int retries) {
    Known known = jobs.get(job);
    return known != null && known.statics().retries() == retries;
  }

  /** Jobs that ended are forgotten: few have events after that. So are the oldest, past a bound. */
  private void forgetEnded(Map<Long, String> lastState) {
    lastState.forEach(
        (job, state) -> {
          if ("finished".equals(state) || "failed".equals(state)) {
            jobs.remove(job);
          }
        });
    Iterator<Long> oldest = jobs.keySet().iterator();
    while (jobs.size() > MAX_JOBS) {
      oldest.next();
      oldest.remove();
    }
  }
}
