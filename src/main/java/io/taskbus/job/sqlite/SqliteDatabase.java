package io.taskbus.job.sqlite;

import io.taskbus.job.Migrations;
import io.taskbus.job.NodeNames;
import io.taskbus.job.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * One SQLite connection, used from one worker thread: SQLite has a single writer, so serialising
 * every call gives transactions without lock contention and keeps {@code :memory:} alive.
 */
public final class SqliteDatabase {
  /** More distinct statements than the stores use, fewer than filtered queries could make. */
  private static final int STATEMENTS = 128;

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String path;
  private final String node;
  private final WorkerExecutor executor;
  private final List<Runnable> streamListeners = new CopyOnWriteArrayList<>();
  private boolean streamWritten;
  // Keeps its prepared statements for reuse (StatementCache).
  private Connection connection;

  public SqliteDatabase(Vertx vertx, String path) {
    this(vertx, path, NodeNames.generate());
  }

  /** {@code node} is the name job events carry. */
  public SqliteDatabase(Vertx vertx, String path, String node) {
    this.path = path;
    this.node = node;
    this.executor =
        vertx.createSharedWorkerExecutor("taskbus-sqlite-" + System.identityHashCode(this), 1);
  }

  /** Opens the connection and migrates the schema; opening twice is harmless. */
  public Future<Void> open() {
    return executor.executeBlocking(
        () -> {
          if (connection != null) {
            return null;
          }
          connection =
              StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite:" + path), STATEMENTS);
          try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute("PRAGMA foreign_keys = ON");
            if (!":memory:".equals(path)) {
              statement.execute("PRAGMA journal_mode = WAL");
              statement.execute("PRAGMA synchronous = NORMAL");
            }
          }
          migrate();
          execute(connection, "UPDATE taskbus_event_context SET node = ?", node);
          watchStreams();
          return null;
        });
  }

  /** Called on the database thread after a commit that appended to any stream. */
  public void onStreamWrite(Runnable listener) {
    streamListeners.add(listener);
  }

  /**
   * Notices appends to streams (job events are written by triggers, so no Java call site sees them)
   * and tells listeners once their transaction commits.
   */
  private void watchStreams() throws SQLException {
    SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
    sqlite.addUpdateListener(
        (type, database, table, rowId) -> {
          if (table.equals("taskbus_stream_messages")) {
            streamWritten = true;
          }
        });
    sqlite.addCommitListener(
        new SQLiteCommitListener() {
          @Override
          public void onCommit() {
            if (streamWritten) {
              streamWritten = false;
              streamListeners.forEach(Runnable::run);
            }
          }

          @Override
          public void onRollback() {
            streamWritten = false;
          }
        });
  }

  private void migrate() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS taskbus_migrations (version INTEGER NOT NULL)");
      int applied;
      try (var rows =
          statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM taskbus_migrations")) {
        applied = rows.getInt(1);
      }
      List<String> scripts = Migrations.after("sqlite", applied);
      for (int i = 0; i < scripts.size(); i++) {
        int version = applied + i + 1;
        String script = scripts.get(i);
        transaction(
            c -> {
              for (String sql : Migrations.statements(script)) {
                statement.execute(sql);
              }
              statement.execute(
                  "INSERT INTO taskbus_migrations (version) VALUES (" + version + ")");
              return null;
            });
      }
    }
  }

  /** One statement with positional parameters; answers the rows it changed. */
  public static int execute(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      return statement.executeUpdate();
    }
  }

  /**
   * Runs {@code work} in one transaction on the database thread; once the database is closed (a
   * node shutting down while connections still release what they hold) it fails as unavailable.
   */
  public <T> Future<T> inTransaction(Work<T> work) {
    try {
      return executor.executeBlocking(
          () -> {
            try {
              return transaction(work);
            } catch (SQLException e) {
              throw new StoreUnavailableException("SQLite " + path + ": " + e.getMessage(), e);
            }
          });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new StoreUnavailableException("SQLite " + path + " is closed", e));
    }
  }

  private <T> T transaction(Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  public Future<Void> close() {
    return executor
        .executeBlocking(
            () -> {
              if (connection != null) {
                connection.close();
              }
              return (Void) null;
            })
        .eventually(() -> executor.close());
  }
}
