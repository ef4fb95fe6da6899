package io.taskbus.job;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;

class PgJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new PgJobStore(vertx, TestPostgres.freshDatabase(), 4, clock);
  }
}
