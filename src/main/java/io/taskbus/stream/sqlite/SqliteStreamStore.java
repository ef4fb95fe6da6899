package io.taskbus.stream.sqlite;

import static io.taskbus.job.sqlite.SqliteDatabase.execute;

import io.taskbus.audit.AuditLog;
import io.taskbus.audit.SqliteAuditLog;
import io.taskbus.job.sqlite.SqliteDatabase;
import io.taskbus.stream.Appended;
import io.taskbus.stream.Epochs;
import io.taskbus.stream.NewMessage;
import io.taskbus.stream.PushStore;
import io.taskbus.stream.Pushed;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamPosition;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable streams in the node's SQLite database. Every call runs on the database's single thread,
 * so offsets are drawn and committed strictly in order.
 */
public final class SqliteStreamStore implements StreamStore, PushStore {
  private final SqliteDatabase db;
  private final Clock clock;
  private final boolean ownsDatabase;

  public SqliteStreamStore(SqliteDatabase db, Clock clock, boolean ownsDatabase) {
    this.db = db;
    this.clock = clock;
    this.ownsDatabase = ownsDatabase;
  }

  /** The job events of the {@code jobs} stream in this database, queried as an audit log. */
  public AuditLog audit() {
    return new SqliteAuditLog(db);
  }

  @Override
  public Future<Void> start() {
    return db.open();
  }

  @Override
  public Future<Void> close() {
    return ownsDatabase ? db.close() : Future.succeededFuture();
  }

  @Override
  public Future<Appended> append(String stream, List<NewMessage> messages) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          create(c, stream, now);
          StreamPosition position = positionIn(c, stream).orElseThrow();
          long first = position.next();
          execute(
              c,
              "UPDATE taskbus_streams SET next_seq = next_seq + ? WHERE name = ?",
              messages.size(),
              stream);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO taskbus_stream_messages"
                      + " (stream, seq, topic, is_binary, payload, time, sender)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < messages.size(); i++) {
              NewMessage message = messages.get(i);
              insert.setString(1, stream);
              insert.setLong(2, first + i);
              insert.setString(3, message.topic());
              insert.setInt(4, message.binary() ? 1 : 0);
              insert.setBytes(5, message.payload().getBytes());
              insert.setLong(6, now);
              insert.setString(7, message.sender());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return new Appended(position.epoch(), first, messages.size());
        });
  }

  @Override
  public Future<List<StreamMessage>> read(String stream, long offset, int limit) {
    return db.inTransaction(
        c -> {
          String epoch = positionIn(c, stream).map(StreamPosition::epoch).orElse(null);
          List<StreamMessage> messages = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT seq, topic, is_binary, payload, time, sender FROM taskbus_stream_messages"
                      + " WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            select.setString(1, stream);
            select.setLong(2, offset);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                messages.add(
                    new StreamMessage(
                        stream,
                        epoch,
                        rows.getLong(1),
                        rows.getString(2),
                        rows.getInt(3) != 0,
                        Buffer.buffer(rows.getBytes(4)),
                        Instant.ofEpochMilli(rows.getLong(5)),
                        rows.getString(6)));
              }
            }
          }
          return messages;
        });
  }

  @Override
  public Future<Optional<StreamPosition>> position(String stream) {
    return db.inTransaction(c -> positionIn(c, stream));
  }

  /** Creates the stream, with a new epoch, unless it exists. */
  private static void create(Connection c, String stream, long now) throws SQLException {
    execute(
        c,
        "INSERT OR IGNORE INTO taskbus_streams (name, epoch, created) VALUES (?, ?, ?)",
        stream,
        Epochs.next(),
        now);
  }

  private static Optional<StreamPosition> positionIn(Connection c, String stream)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT epoch, first_seq, next_seq FROM taskbus_streams WHERE name = ?")) {
      select.setString(1, stream);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new StreamPosition(row.getString(1), row.getLong(2), row.getLong(3)))
            : Optional.empty();
      }
    }
  }

  @Override
  public Future<Integer> trim(String stream, long maxCount, Duration maxAge) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          int removed =
              execute(
                  c,
                  "DELETE FROM taskbus_stream_messages WHERE stream = ? AND (seq <"
                      + " (SELECT next_seq FROM taskbus_streams WHERE name = ?) - ? OR time < ?)",
                  stream,
                  stream,
                  maxCount,
                  now - maxAge.toMillis());
          execute(
              c,
              "UPDATE taskbus_streams SET first_seq = COALESCE((SELECT MIN(seq) FROM"
                  + " taskbus_stream_messages WHERE stream = ?), next_seq) WHERE name = ?",
              stream,
              stream);
          return removed;
        });
  }

  @Override
  public Future<StreamPosition> reset(String stream) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          execute(c, "DELETE FROM taskbus_stream_messages WHERE stream = ?", stream);
          create(c, stream, now);
          execute(
              c,
              "UPDATE taskbus_streams SET epoch = ?, first_seq = next_seq WHERE name = ?",
              Epochs.next(),
              stream);
          return positionIn(c, stream).orElseThrow();
        });
  }

  @Override
  public Future<Long> push(String topic, boolean binary, Buffer payload) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO taskbus_pushes (topic, is_binary, payload, created, visible)"
                      + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, topic);
            insert.setInt(2, binary ? 1 : 0);
            insert.setBytes(3, payload.getBytes());
            insert.setLong(4, now);
            insert.setLong(5, now);
            try (ResultSet row = insert.executeQuery()) {
              return row.getLong(1);
            }
          }
        });
  }

  @Override
  public Future<List<Pushed>> take(String topic, String holder, int limit, Duration lease) {
    long now = clock.millis();
    return db.inTransaction(
        c -> {
          List<Pushed> taken = new ArrayList<>();
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE taskbus_pushes SET holder = ?, visible = ?, deliveries = deliveries + 1"
                      + " WHERE id IN (SELECT id FROM taskbus_pushes WHERE topic = ? AND visible <= ?"
                      + " ORDER BY id LIMIT ?) RETURNING id, topic, is_binary, payload, deliveries")) {
            update.setString(1, holder);
            update.setLong(2, now + lease.toMillis());
            update.setString(3, topic);
            update.setLong(4, now);
            update.setInt(5, limit);
            try (ResultSet rows = update.executeQuery()) {
              while (rows.next()) {
                taken.add(
                    new Pushed(
                        rows.getLong(1),
                        rows.getString(2),
                        rows.getInt(3) != 0,
                        Buffer.buffer(rows.getBytes(4)),
                        rows.getInt(5)));
              }
            }
          }
          taken.sort(java.util.Comparator.comparingLong(Pushed::id));
          return taken;
        });
  }

  @Override
  public Future<Boolean> ack(long id, String holder) {
    return db.inTransaction(
        c -> execute(c, "DELETE FROM taskbus_pushes WHERE id = ? AND holder = ?", id, holder) > 0);
  }

  @Override
  public Future<Integer> release(String holder) {
    long now = clock.millis();
    return db.inTransaction(
        c ->
            execute(
                c,
                "UPDATE taskbus_pushes SET holder = NULL, visible = ? WHERE holder = ?",
                now,
                holder));
  }

  @Override
  public Future<Long> waiting(String topic) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement count =
              c.prepareStatement("SELECT COUNT(*) FROM taskbus_pushes WHERE topic = ?")) {
            count.setString(1, topic);
            try (ResultSet row = count.executeQuery()) {
              return row.getLong(1);
            }
          }
        });
  }
}
