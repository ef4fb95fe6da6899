package io.taskbus.job;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.job.sqlite.SqliteJobStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens the store a URL names: {@code sqlite:PATH}, {@code sqlite::memory:}, {@code
 * postgresql://...}.
 */
public final class JobStores {
  private JobStores() {}

  /** {@code node} names this node in job events; it must be unique among the store's nodes. */
  public static JobStore open(Vertx vertx, String url, int poolSize, Clock clock, String node) {
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      return new PgJobStore(vertx, url, poolSize, clock, node);
    }
    if (url.startsWith("sqlite:")) {
      String path = url.substring("sqlite:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("store sqlite: needs a file path or :memory:");
      }
      if (!path.equals(":memory:")) {
        createParent(Path.of(path));
      }
      return new SqliteJobStore(vertx, path, clock, node);
    }
    throw new IllegalArgumentException(
        "store must be sqlite:PATH, sqlite::memory: or postgresql://user@host:port/db, got \""
            + url
            + "\"");
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create folder " + parent, e);
    }
  }
}
