package io.taskbus.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests: {@code TASKBUS_TEST_PG_URL} when set, otherwise an embedded
 * server started once per test JVM. Each call of {@link #freshDatabase()} creates an empty
 * database, so tests never see each other's rows.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static String serverUrl;
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  /** A {@code postgresql://} URI of a new, empty database. */
  public static synchronized String freshDatabase() {
    String base = server();
    String name =
        "taskbus_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbc(base, "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + base, e);
    }
    return withDatabase(base, name);
  }

  private static String server() {
    if (serverUrl != null) {
      return serverUrl;
    }
    String fromEnv = System.getenv("TASKBUS_TEST_PG_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      serverUrl = fromEnv;
      return serverUrl;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stopEmbedded));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
    serverUrl = "postgresql://postgres@localhost:" + embedded.getPort() + "/postgres";
    return serverUrl;
  }

  private static void stopEmbedded() {
    try {
      embedded.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  static String withDatabase(String uri, String database) {
    int slash = uri.indexOf('/', "postgresql://".length());
    String base = slash < 0 ? uri : uri.substring(0, slash);
    int query = uri.indexOf('?');
    return base + "/" + database + (query < 0 ? "" : uri.substring(query));
  }

  /** The JDBC URL for the same server, used only to create databases. */
  static String jdbc(String uri, String database) {
    java.net.URI parsed = java.net.URI.create(withDatabase(uri, database));
    String userInfo = parsed.getUserInfo();
    String user = userInfo == null ? "postgres" : userInfo.split(":", 2)[0];
    String password = userInfo != null && userInfo.contains(":") ? userInfo.split(":", 2)[1] : "";
    int port = parsed.getPort() < 0 ? 5432 : parsed.getPort();
    return "jdbc:postgresql://"
        + parsed.getHost()
        + ":"
        + port
        + "/"
        + database
        + "?user="
        + user
        + "&password="
        + password;
  }
}
