package io.taskbus.job.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps prepared statements for reuse on the one SQLite connection. SQLite compiles a statement
 * together with the triggers it fires, and the job tables' triggers write each change's event: at
 * one job per transaction, compiling was 45 % of the database thread's work (one profile at 500
 * jobs/s). A statement closed by its user goes back here, its parameters cleared; the next {@code
 * prepareStatement} with the same SQL gets it again. The least recently used beyond {@link #size}
 * are closed for good. Not thread-safe: like the connection, it belongs to the database thread.
 */
final class StatementCache {
  private final Connection connection;
  private final int size;
  private final Map<String, PreparedStatement> idle;

  private StatementCache(Connection connection, int size) {
    this.connection = connection;
    this.size = size;
    this.idle =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= StatementCache.this.size) {
              return false;
            }
            closeQuietly(eldest.getValue());
            return true;
          }
        };
  }

  /**
   * {@code connection} as its users see it: {@code prepareStatement(String)} comes from the cache;
   * closing it closes the cached statements first.
   */
  static Connection wrap(Connection connection, int size) {
    StatementCache cache = new StatementCache(connection, size);
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            cache::onConnection);
  }

  private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("prepareStatement")
        && args != null
        && args.length == 1
        && args[0] instanceof String sql) {
      return prepare(sql);
    }
    if (method.getName().equals("close")) {
      closeAll();
    }
    return invoke(connection, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = idle.remove(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
    }
    return borrowed(sql, statement);
  }

  /** The statement as its user holds it: closing it hands it back instead. */
  private PreparedStatement borrowed(String sql, PreparedStatement statement) {
    InvocationHandler handler =
        new InvocationHandler() {
          private boolean returned;
          private ResultSet rows;

          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
              case "close" -> {
                if (!returned) {
                  returned = true;
                  // Rows left unread keep the statement running, and with it a read snapshot
                  // that would hold back SQLite's checkpoints; closing them resets it.
                  if (rows != null && !rows.isClosed()) {
                    rows.close();
                  }
                  giveBack(sql, statement);
                }
                return null;
              }
              case "isClosed" -> {
                return returned || statement.isClosed();
              }
              default -> {
                if (returned) {
                  throw new SQLException("statement is closed");
                }
                Object result = StatementCache.invoke(statement, method, args);
                if (result instanceof ResultSet set) {
                  rows = set;
                }
                return result;
              }
            }
          }
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            handler);
  }

  private void giveBack(String sql, PreparedStatement statement) throws SQLException {
    // The same SQL in use twice at once: only one of them is kept.
    if (statement.isClosed() || idle.containsKey(sql)) {
      statement.close();
      return;
    }
    try {
      statement.clearParameters();
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
    idle.put(sql, statement);
  }

  private void closeAll() {
    List<PreparedStatement> all = new ArrayList<>(idle.values());
    idle.clear();
    all.forEach(StatementCache::closeQuietly);
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // it is being thrown away
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
