package io.taskbus.bus;

import io.taskbus.events.JobEvents;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;

/**
 * Job events reach the {@code jobs} stream through database triggers, not through the bus, so each
 * node tails the stream while it has followers of it and hands what it reads to them. It publishes
 * locally only: every node reads for itself, so nothing crosses the cluster.
 */
final class JobEventFeed {
  private static final int PAGE = 500;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final StreamStore streams;
  private final LocalFanOut fanOut;
  private final String address = BusAddresses.stream(JobEvents.STREAM);
  private Context context;
  private long timer = -1;

  // Only touched on `context`.
  private long last = -1;
  private boolean reading;
  private boolean again;

  JobEventFeed(Vertx vertx, StreamStore streams, LocalFanOut fanOut) {
    this.vertx = vertx;
    this.streams = streams;
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

  /** The stream may have grown. */
  void poke() {
    if (context != null) {
      context.runOnContext(v -> read());
    }
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
    streams
        .read(JobEvents.STREAM, last, PAGE)
        .onComplete(
            ar -> {
              reading = false;
              if (ar.succeeded()) {
                publish(ar.result());
                again |= ar.result().size() == PAGE;
              }
              if (again) {
                read();
              }
            });
  }

  private void publish(List<StreamMessage> page) {
    for (StreamMessage m : page) {
      if (last < 0 || m.offset() <= last) {
        continue;
      }
      last = m.offset();
      vertx
          .eventBus()
          .publish(
              address,
              new BusMessage(
                  m.topic(),
                  m.binary(),
                  m.payload(),
                  "",
                  m.offset(),
                  m.epoch(),
                  m.time().toEpochMilli()),
              LOCAL);
    }
  }
}
