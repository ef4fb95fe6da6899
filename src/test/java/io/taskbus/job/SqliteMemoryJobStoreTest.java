package io.taskbus.job;

import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;

class SqliteMemoryJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteJobStore(vertx, ":memory:", clock);
  }
}
