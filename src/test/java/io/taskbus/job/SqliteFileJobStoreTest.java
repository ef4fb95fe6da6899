package io.taskbus.job;

import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileJobStoreTest extends JobStoreContract {
  @TempDir Path folder;

  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteJobStore(vertx, folder.resolve("taskbus.db").toString(), clock);
  }
}
