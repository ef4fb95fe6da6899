package io.taskbus.stream;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link StreamStore}, run against every backend. */
public abstract class StreamStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  protected Vertx vertx;
  protected StreamStore store;

  protected abstract StreamStore createStore(Vertx vertx, MutableClock clock);

  @BeforeEach
  void startStore() {
    vertx = Vertx.vertx();
    store = createStore(vertx, clock);
    await(store.start());
  }

  @AfterEach
  void stopStore() {
    await(store.close());
    await(vertx.close());
  }

  static NewMessage text(String topic, String text) {
    return new NewMessage(topic, false, Buffer.buffer(text));
  }

  Appended append(String stream, String... texts) {
    List<NewMessage> messages = new ArrayList<>();
    for (String t : texts) {
      messages.add(text(stream + "/x", t));
    }
    return await(store.append(stream, messages));
  }

  List<String> texts(List<StreamMessage> messages) {
    return messages.stream().map(m -> m.payload().toString()).toList();
  }

  @Test
  void offsets_are_dense_from_one_and_reads_resume_after_an_offset() {
    Appended first = append("livesys", "a", "b");
    Appended second = append("livesys", "c");
    assertEquals(1, first.first());
    assertEquals(2, first.last());
    assertEquals(3, second.first());
    assertEquals(first.epoch(), second.epoch());
    assertEquals(List.of("b", "c"), texts(await(store.read("livesys", 1, 10))));
    assertEquals(List.of("a"), texts(await(store.read("livesys", 0, 1))));
    List<StreamMessage> all = await(store.read("livesys", 0, 10));
    assertEquals(List.of(1L, 2L, 3L), all.stream().map(StreamMessage::offset).toList());
    assertEquals("livesys/x", all.get(0).topic());
    assertEquals(first.epoch(), all.get(0).epoch());
    assertEquals(
        new StreamPosition(first.epoch(), 1, 4), await(store.position("livesys")).orElseThrow());
  }

  @Test
  void streams_are_independent() {
    append("a", "1", "2");
    Appended b = append("b", "x");
    assertEquals(1, b.first());
    assertTrue(await(store.position("none")).isEmpty());
    assertTrue(await(store.read("none", 0, 10)).isEmpty());
  }

  @Test
  void the_sender_is_kept_where_given() {
    await(
        store.append(
            "bus:peers",
            List.of(
                new NewMessage("peers", false, Buffer.buffer("p"), "connection-7"),
                text("peers", "q"))));
    List<StreamMessage> read = await(store.read("bus:peers", 0, 10));
    assertEquals("connection-7", read.get(0).sender());
    assertEquals(null, read.get(1).sender());
  }

  @Test
  void bytes_are_kept_exactly() {
    byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28};
    await(
        store.append(
            "raw",
            List.of(new NewMessage("raw", true, Buffer.buffer(bytes)), text("raw/t", "grüße ✓"))));
    List<StreamMessage> read = await(store.read("raw", 0, 10));
    assertTrue(read.get(0).binary());
    assertArrayEquals(bytes, read.get(0).payload().getBytes());
    assertFalse(read.get(1).binary());
    assertEquals("grüße ✓", read.get(1).payload().toString("UTF-8"));
  }

  @Test
  void trimming_by_count_and_age_moves_the_horizon() {
    Appended old = append("t", "1", "2", "3", "4", "5");
    assertEquals(2, (int) await(store.trim("t", 3, Duration.ofDays(1))));
    StreamPosition position = await(store.position("t")).orElseThrow();
    assertEquals(3, position.first());
    assertTrue(position.canResume(old.epoch(), 2), "after 2 comes 3, still held");
    assertFalse(position.canResume(old.epoch(), 1), "2 is gone: cannot resume after 1");
    clock.advance(Duration.ofHours(2));
    append("t", "6");
    assertEquals(3, (int) await(store.trim("t", 100, Duration.ofHours(1))));
    assertEquals(List.of("6"), texts(await(store.read("t", 0, 10))));
    assertEquals(6, await(store.position("t")).orElseThrow().first());
  }

  @Test
  void a_reset_starts_a_new_epoch() {
    Appended before = append("r", "1", "2");
    StreamPosition reset = await(store.reset("r"));
    assertNotEquals(before.epoch(), reset.epoch());
    assertFalse(reset.canResume(before.epoch(), 2));
    Appended after = append("r", "3");
    assertEquals(reset.epoch(), after.epoch());
    assertEquals(3, after.first(), "offsets keep growing across epochs");
    assertEquals(List.of("3"), texts(await(store.read("r", 0, 10))));
  }

  @Test
  void concurrent_appends_commit_in_offset_order_so_a_tailing_reader_misses_nothing() {
    int writers = 4;
    int appendsEach = 60;
    List<Future<Appended>> appends = new ArrayList<>();
    long expected = 0;
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < appendsEach; i++) {
        int size = 1 + ThreadLocalRandom.current().nextInt(3);
        List<NewMessage> batch = new ArrayList<>();
        for (int k = 0; k < size; k++) {
          batch.add(text("c/" + w, w + ":" + i + ":" + k));
        }
        expected += size;
        appends.add(store.append("c", batch));
      }
    }
    // Tail while the writers commit: every read must continue exactly where the last one ended.
    long last = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (last < expected && System.nanoTime() < deadline) {
      for (StreamMessage message : await(store.read("c", last, 50))) {
        assertEquals(last + 1, message.offset(), "no gap and no repeat after offset " + last);
        last = message.offset();
      }
    }
    assertEquals(expected, last);
    long total = 0;
    for (Future<Appended> append : appends) {
      total += await(append).count();
    }
    assertEquals(expected, total);
  }
}
