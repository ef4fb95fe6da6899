package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
