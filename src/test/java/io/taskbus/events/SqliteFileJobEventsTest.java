package io.taskbus.events;

import static io.taskbus.support.Await.await;

import io.taskbus.job.JobStore;
import io.taskbus.job.sqlite.SqliteDatabase;
import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileJobEventsTest extends JobEventsContract {
  @TempDir Path folder;

  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteJobStore(vertx, path(), clock, NODE);
  }

  protected String path() {
    return folder.resolve("taskbus.db").toString();
  }

  @Override
  protected StreamStore streamsOf(JobStore store) {
    return new SqliteStreamStore(((SqliteJobStore) store).database(), clock, false);
  }

  @Override
  protected void enqueueAndRollBack() {
    SqliteDatabase db = ((SqliteJobStore) store).database();
    await(
        db.inTransaction(
                c -> {
                  SqliteDatabase.execute(
                      c,
                      "INSERT INTO taskbus_jobs (task, queue, args, created, delayed)"
                          + " VALUES ('t', 'default', '[]', 0, 0)");
                  throw new SQLException("roll back");
                })
            .recover(e -> Future.succeededFuture()));
  }
}
