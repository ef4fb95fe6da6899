package io.taskbus.stream;

import io.taskbus.job.sqlite.SqliteDatabase;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;

class SqliteMemoryStreamStoreTest extends StreamStoreContract {
  @Override
  protected StreamStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteStreamStore(new SqliteDatabase(vertx, ":memory:"), clock, true);
  }
}
