package io.taskbus.bus;

import io.taskbus.events.JobEvents;
import io.taskbus.stream.StreamFollower;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Job events reach the {@code jobs} stream through database triggers, not through the bus, so each
 * node tails the stream while it has followers of it and hands what it reads to them. It publishes
 * locally only: every node reads for itself, so nothing crosses the cluster.
 */
final class JobEventFeed {
  private static final int PAGE = 500;
  private static final long GATHER_MILLIS = 2;
  // A busy stream (a read found this many events) gathers longer: a read costs the database a
  // query and the node a round trip whatever it carries, and at thousands of events a second
  // every 2 ms that was a few percent of the machine. The delay it adds comes only under load.
  private static final int BUSY_READ = 32;
  private static final long BUSY_GATHER_MILLIS = 10;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final StreamFollower stream;
  private final LocalFanOut fanOut;
  private final String address = BusAddresses.stream(JobEvents.STREAM);
  private Context context;
  private long timer = -1;
  private final java.util.concurrent.atomic.AtomicBoolean pokeScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  // Only touched on `context`.
  private long last = -1;
  private boolean reading;
  private boolean again;
  private long lastRead = System.nanoTime() - 1_000_000_000L;
  private long gatherMillis = GATHER_MILLIS;

  JobEventFeed(Vertx vertx, StreamStore streams, LocalFanOut fanOut) {
    this.vertx = vertx;
    this.stream = streams.follower(JobEvents.STREAM);
    this.fanOut = fanOut;
  }

  void start() {
    context = vertx.getOrCreateContext();
    // A safety net for a missed wake-up (a notice lost while reconnecting to the database).
    timer = vertx.setPeriodic(1000, t -> poke());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * A follower has read the stream up to {@code head} by itself; the feed carries on from there at
   * the latest, so nothing written after it is left unread.
   */
  void from(long head) {
    context.runOnContext(
        v -> {
          if (last < 0 || head < last) {
            last = head;
          }
          read();
        });
  }

  /**
   * The stream may have grown. Every job statement sends a wake-up, and reading once per statement
   * would cost more than the events: a wake-up reads at once when the last read started more than
   * {@value #GATHER_MILLIS} ms ago ({@value #BUSY_GATHER_MILLIS} ms after a read of at least
   * {@value #BUSY_READ} events), else wake-ups gather until then and share one read.
   */
  void poke() {
    if (context == null || pokeScheduled.getAndSet(true)) {
      return;
    }
    context.runOnContext(
        v -> {
          long waitMillis = gatherMillis - (System.nanoTime() - lastRead) / 1_000_000;
          if (waitMillis <= 0) {
            pokeScheduled.set(false);
            read();
          } else {
            vertx.setTimer(
                waitMillis,
                t -> {
                  pokeScheduled.set(false);
                  read();
                });
          }
        });
  }

  private void read() {
    if (!fanOut.has(address)) {
      last = -1;
      return;
    }
    if (last < 0) {
      return;
    }
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    lastRead = System.nanoTime();
    stream
        .read(last, PAGE)
        .onComplete(
            ar -> {
              reading = false;
              if (ar.succeeded()) {
                gatherMillis = ar.result().size() >= BUSY_READ ? BUSY_GATHER_MILLIS : GATHER_MILLIS;
                publish(ar.result());
                again |= ar.result().size() == PAGE;
              }
              if (again) {
                read();
              }
            });
  }

  private void publish(List<StreamMessage> page) {
    List<BusMessage> fresh = new ArrayList<>(page.size());
    for (StreamMessage m : page) {
      if (last < 0 || m.offset() <= last) {
        continue;
      }
      last = m.offset();
      fresh.add(BusMessage.stored(m));
    }
    if (!fresh.isEmpty()) {
      // Through the event bus, so the receivers get it on their own context, paced by it.
      vertx.eventBus().publish(address, new BusMessagePage(fresh), LOCAL);
    }
  }
}
