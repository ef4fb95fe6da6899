package io.taskbus.stream;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.job.sqlite.SqliteDatabase;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileStreamStoreTest extends StreamStoreContract {
  @TempDir Path folder;

  @Override
  protected StreamStore createStore(Vertx vertx, MutableClock clock) {
    return new SqliteStreamStore(
        new SqliteDatabase(vertx, folder.resolve("taskbus.db").toString()), clock, true);
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
