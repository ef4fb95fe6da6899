package io.taskbus.stream;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.stream.pg.PgStreamStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

class PgStreamStoreTest extends StreamStoreContract {
  private String database;

  @Override
  protected StreamStore createStore(Vertx vertx, MutableClock clock) {
    if (database == null) {
      database = TestPostgres.freshDatabase();
    }
    return new PgStreamStore(vertx, database, 4, clock);
  }

  @Test
  void history_and_offsets_survive_a_restart() {
    Appended before = append("keep", "1", "2");
    await(store.close());
    store = createStore(vertx, clock);
    await(store.start());
    Appended after = append("keep", "3");
    assertEquals(before.epoch(), after.epoch());
    assertEquals(3, after.first());
    assertEquals(3, await(store.read("keep", 0, 10)).size());
  }
}
