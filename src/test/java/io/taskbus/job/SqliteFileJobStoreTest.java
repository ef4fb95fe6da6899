package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileJobStoreTest extends JobStoreContract {
  @TempDir Path folder;

  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteJobStore(vertx, folder.resolve("taskbus.db").toString(), clock);
  }

  /** An older node on a store a newer one migrated would misread it: it refuses, and says why. */
  @Test
  void a_store_migrated_past_this_version_is_refused_with_the_reason() throws Exception {
    String file = folder.resolve("newer.db").toString();
    JobStore first = new SqliteJobStore(vertx, file, clock);
    await(first.start());
    await(first.close());
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var statement = c.createStatement()) {
      statement.execute("INSERT INTO taskbus_migrations (version) VALUES (999)");
    }

    Throwable refused =
        io.taskbus.support.Await.failure(new SqliteJobStore(vertx, file, clock).start());
    assertTrue(
        refused.getMessage().contains("schema is at version 999, newer than this Taskbus knows"),
        refused.getMessage());
  }

  /** A node closing its store while connections still release what they hold: no exception. */
  @Test
  void a_closed_store_answers_unavailable_instead_of_throwing() {
    Vertx vertx = Vertx.vertx();
    try {
      JobStore closed =
          new SqliteJobStore(
              vertx,
              folder.resolve("closed.db").toString(),
              new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
      await(closed.start());
      await(closed.close());
      Throwable failure =
          await(
              closed
                  .enqueue(List.of(NewJob.of("t")))
                  .map(ids -> (Throwable) null)
                  .otherwise(e -> e));
      assertInstanceOf(StoreUnavailableException.class, failure);
    } finally {
      await(vertx.close());
    }
  }
}
