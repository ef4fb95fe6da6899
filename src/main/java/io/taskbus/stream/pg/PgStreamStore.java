package io.taskbus.stream.pg;

import io.taskbus.audit.AuditLog;
import io.taskbus.audit.PgAuditLog;
import io.taskbus.events.JobEvents;
import io.taskbus.events.pg.PgJobEventColumns;
import io.taskbus.job.pg.PgJobStore;
import io.taskbus.job.pg.PgMigrations;
import io.taskbus.stream.Appended;
import io.taskbus.stream.Epochs;
import io.taskbus.stream.NewMessage;
import io.taskbus.stream.PushStore;
import io.taskbus.stream.Pushed;
import io.taskbus.stream.StreamFollower;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamPosition;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable streams on PostgreSQL, shared by every node. An append locks its stream's row to draw
 * offsets and holds the lock until it commits, so appends to one stream commit in offset order
 * whichever node writes them.
 */
public final class PgStreamStore implements StreamStore, PushStore {
  /** Every read of messages selects these first, then the payload's columns ({@link #PAYLOAD}). */
  static final String HEAD = "SELECT s.epoch, m.seq, m.topic, m.is_binary, m.sender, m.payload, ";

  // As HEAD; the topic of a job's event is left out where its statics are (PgJobEventFollower).
  static final String HEAD_CHANGED =
      "SELECT s.epoch, m.seq, CASE WHEN m.job_state IS NULL OR m.job_state = 'inactive'"
          + " THEN m.topic END, m.is_binary, m.sender, m.payload, ";
  static final String FROM =
      " FROM taskbus_stream_messages m JOIN taskbus_streams s ON s.name = m.stream";

  /** Where the payload is in {@link #HEAD}: the job event's columns follow it. */
  static final int PAYLOAD = 5;

  private static final String READ =
      HEAD
          + PgJobEventColumns.SELECT
          + FROM
          + " WHERE m.stream = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3";

  private final Pool pool;
  private final Clock clock;

  public PgStreamStore(Vertx vertx, String uri, int poolSize, Clock clock) {
    this.pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(PgJobStore.options(uri, "taskbus-streams-" + UUID.randomUUID()))
            .using(vertx)
            .build();
    this.clock = clock;
  }

  /** The job events of the {@code jobs} stream in this database, queried as an audit log. */
  public AuditLog audit() {
    return new PgAuditLog(pool);
  }

  @Override
  public Future<Void> start() {
    return PgMigrations.migrate(pool);
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  @Override
  public Future<Appended> append(String stream, List<NewMessage> messages) {
    OffsetDateTime now = now();
    return pool.withTransaction(
        c ->
            create(c, stream, now)
                .compose(
                    v ->
                        c.preparedQuery(
                                "UPDATE taskbus_streams SET next_seq = next_seq + $2"
                                    + " WHERE name = $1 RETURNING epoch, next_seq - $2")
                            .execute(Tuple.of(stream, messages.size())))
                .compose(
                    rows -> {
                      Row row = rows.iterator().next();
                      Appended appended =
                          new Appended(row.getString(0), row.getLong(1), messages.size());
                      return insert(c, stream, appended.first(), messages, now).map(appended);
                    }));
  }

  /** Creates the stream, with a new epoch, unless it exists. */
  private static Future<Void> create(SqlConnection c, String stream, OffsetDateTime now) {
    return c.preparedQuery(
            "INSERT INTO taskbus_streams (name, epoch, created) VALUES ($1, $2, $3)"
                + " ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of(stream, Epochs.next(), now))
        .mapEmpty();
  }

  private static Future<Void> insert(
      SqlConnection c, String stream, long first, List<NewMessage> messages, OffsetDateTime now) {
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      NewMessage m = messages.get(i);
      rows.add(
          Tuple.of(stream, first + i, m.topic(), m.binary(), m.payload(), now)
              .addString(m.sender()));
    }
    return c.preparedQuery(
            "INSERT INTO taskbus_stream_messages"
                + " (stream, seq, topic, is_binary, payload, time, sender)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .executeBatch(rows)
        .mapEmpty();
  }

  @Override
  public Future<List<StreamMessage>> read(String stream, long offset, int limit) {
    return pool.preparedQuery(READ)
        .execute(Tuple.of(stream, offset, limit))
        .map(
            rows -> {
              List<StreamMessage> messages = new ArrayList<>();
              for (Row row : rows) {
                messages.add(
                    message(
                        stream, row, row.getString(2), PgJobEventColumns.payload(row, PAYLOAD)));
              }
              return messages;
            });
  }

  /** The message of a row read with {@link #HEAD}. */
  static StreamMessage message(String stream, Row row, String topic, Buffer bytes) {
    return new StreamMessage(
        stream,
        row.getString(0),
        row.getLong(1),
        topic,
        row.getBoolean(3),
        bytes,
        PgJobEventColumns.time(row, PAYLOAD),
        row.getString(4));
  }

  /** The {@code jobs} stream is followed without reading what its reader already has. */
  @Override
  public StreamFollower follower(String stream) {
    return JobEvents.STREAM.equals(stream)
        ? new PgJobEventFollower(pool, stream)
        : StreamStore.super.follower(stream);
  }

  @Override
  public Future<Optional<StreamPosition>> position(String stream) {
    return pool.preparedQuery(
            "SELECT epoch, first_seq, next_seq FROM taskbus_streams WHERE name = $1")
        .execute(Tuple.of(stream))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(position(rows.iterator().next())));
  }

  private static StreamPosition position(Row row) {
    return new StreamPosition(row.getString(0), row.getLong(1), row.getLong(2));
  }

  @Override
  public Future<Integer> trim(String stream, long maxCount, Duration maxAge) {
    OffsetDateTime oldest = OffsetDateTime.ofInstant(clock.instant().minus(maxAge), ZoneOffset.UTC);
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "DELETE FROM taskbus_stream_messages WHERE stream = $1 AND (seq <"
                        + " (SELECT next_seq FROM taskbus_streams WHERE name = $1) - $2"
                        + " OR time < $3)")
                .execute(Tuple.of(stream, maxCount, oldest))
                .compose(
                    deleted ->
                        c.preparedQuery(
                                "UPDATE taskbus_streams SET first_seq = COALESCE((SELECT MIN(seq)"
                                    + " FROM taskbus_stream_messages WHERE stream = $1), next_seq)"
                                    + " WHERE name = $1")
                            .execute(Tuple.of(stream))
                            .map(deleted.rowCount())));
  }

  @Override
  public Future<StreamPosition> reset(String stream) {
    OffsetDateTime now = now();
    return pool.withTransaction(
        c ->
            create(c, stream, now)
                .compose(
                    v ->
                        c.preparedQuery("DELETE FROM taskbus_stream_messages WHERE stream = $1")
                            .execute(Tuple.of(stream)))
                .compose(
                    v ->
                        c.preparedQuery(
                                "UPDATE taskbus_streams SET epoch = $2, first_seq = next_seq"
                                    + " WHERE name = $1 RETURNING epoch, first_seq, next_seq")
                            .execute(Tuple.of(stream, Epochs.next())))
                .map(rows -> position(rows.iterator().next())));
  }

  @Override
  public Future<Long> push(String topic, boolean binary, io.vertx.core.buffer.Buffer payload) {
    OffsetDateTime now = now();
    return pool.preparedQuery(
            "INSERT INTO taskbus_pushes (topic, is_binary, payload, created, visible)"
                + " VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .execute(Tuple.of(topic, binary, payload, now))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<List<Pushed>> take(String topic, String holder, int limit, Duration lease) {
    OffsetDateTime now = now();
    return pool.preparedQuery(
            "UPDATE taskbus_pushes SET holder = $1, visible = $2, deliveries = deliveries + 1"
                + " WHERE id = ANY(ARRAY(SELECT id FROM taskbus_pushes WHERE topic = $3"
                + " AND visible <= $4 ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED))"
                + " RETURNING id, topic, is_binary, payload, deliveries")
        .execute(Tuple.of(holder, now.plus(lease), topic, now, limit))
        .map(
            rows -> {
              List<Pushed> taken = new ArrayList<>();
              for (Row row : rows) {
                taken.add(
                    new Pushed(
                        row.getLong(0),
                        row.getString(1),
                        row.getBoolean(2),
                        row.getBuffer(3),
                        row.getInteger(4)));
              }
              taken.sort(java.util.Comparator.comparingLong(Pushed::id));
              return taken;
            });
  }

  @Override
  public Future<Boolean> ack(long id, String holder) {
    return pool.preparedQuery("DELETE FROM taskbus_pushes WHERE id = $1 AND holder = $2")
        .execute(Tuple.of(id, holder))
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Integer> release(String holder) {
    return pool.preparedQuery(
            "UPDATE taskbus_pushes SET holder = NULL, visible = $2 WHERE holder = $1")
        .execute(Tuple.of(holder, now()))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<Long> waiting(String topic) {
    return pool.preparedQuery("SELECT COUNT(*) FROM taskbus_pushes WHERE topic = $1")
        .execute(Tuple.of(topic))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
