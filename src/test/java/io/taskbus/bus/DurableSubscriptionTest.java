package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.taskbus.job.sqlite.SqliteDatabase;
import io.taskbus.stream.Appended;
import io.taskbus.stream.NewMessage;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamPosition;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.support.Await;
import io.taskbus.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A subscription whose client takes a few messages at a time, on a real (in-memory) store. */
class DurableSubscriptionTest {
  private static final int MESSAGES = 2_000;

  private Vertx vertx;
  private StreamStore sqlite;
  private final AtomicLong rowsRead = new AtomicLong();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sqlite = new SqliteStreamStore(new SqliteDatabase(vertx, ":memory:"), new MutableClock(), true);
    await(sqlite.start());
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 1; i <= MESSAGES; i++) {
      messages.add(new NewMessage("burst/" + i, false, Buffer.buffer("m" + i)));
    }
    await(sqlite.append("burst", messages));
  }

  @AfterEach
  void stop() {
    await(sqlite.close());
    await(vertx.close());
  }

  @Test
  void a_client_taking_a_few_at_a_time_gets_each_once_in_order_and_each_is_read_once() {
    AtomicInteger room = new AtomicInteger(300);
    AtomicBoolean refused = new AtomicBoolean();
    List<Long> received = new CopyOnWriteArrayList<>();
    AtomicReference<String> failed = new AtomicReference<>();
    DurableSubscription subscription =
        new DurableSubscription(
            "burst",
            "burst",
            false,
            new CountingStore(sqlite, rowsRead),
            message -> {
              if (room.get() == 0) {
                refused.set(true); // the client's buffers are full
                return false;
              }
              room.decrementAndGet();
              received.add(message.offset());
              return true;
            },
            failed::set);

    await(subscription.start(0L, await(sqlite.position("burst")).orElseThrow().epoch()));
    while (received.size() < MESSAGES) {
      Await.until(() -> refused.get() || received.size() == MESSAGES, 10);
      // It refused under the subscription's lock, which resume() waits for: it is paused now.
      refused.set(false);
      room.set(300);
      subscription.resume(); // as the socket's drain handler does
    }

    assertNull(failed.get());
    for (int i = 0; i < MESSAGES; i++) {
      assertEquals(i + 1, received.get(i), "message " + (i + 1) + " in order, once");
    }
    assertEquals(MESSAGES, rowsRead.get(), "rows read from the store");
  }

  /** The real store, counting the messages its reads return. */
  private record CountingStore(StreamStore store, AtomicLong rows) implements StreamStore {
    @Override
    public Future<List<StreamMessage>> read(String stream, long offset, int limit) {
      return store.read(stream, offset, limit).onSuccess(page -> rows.addAndGet(page.size()));
    }

    @Override
    public Future<Void> start() {
      return store.start();
    }

    @Override
    public Future<Void> close() {
      return store.close();
    }

    @Override
    public Future<Appended> append(String stream, List<NewMessage> messages) {
      return store.append(stream, messages);
    }

    @Override
    public Future<Optional<StreamPosition>> position(String stream) {
      return store.position(stream);
    }

    @Override
    public Future<Integer> trim(String stream, long maxCount, Duration maxAge) {
      return store.trim(stream, maxCount, maxAge);
    }

    @Override
    public Future<StreamPosition> reset(String stream) {
      return store.reset(stream);
    }
  }
}
