package io.taskbus.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of a test's own that the test can stop and start again, on the same port and
 * data folder, to take the database away for real (the server shuts down and ends every session).
 */
public final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  public RestartablePostgres(Path dataDir) {
    this.dataDir = dataDir;
    this.port = NodeProcess.freePort();
    start();
  }

  /** A {@code postgresql://} URI of a new, empty database on this server. */
  public String createDatabase(String name) {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "postgresql://postgres@localhost:" + port + "/" + name;
  }

  public synchronized void start() {
    try {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
    }
  }

  /** A fast shutdown: PostgreSQL ends every session and refuses new ones until {@link #start()}. */
  public synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = null;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      stop();
    }
  }
}
