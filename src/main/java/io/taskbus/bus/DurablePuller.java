package io.taskbus.bus;

import io.taskbus.stream.PushStore;
import io.taskbus.stream.Pushed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A puller of a durable topic. Without {@code ack=1} a message is deleted once written to the
 * socket; with it, the client answers {@code {"ack": id}}, and a message not acknowledged within
 * {@code bus.push.ack-timeout}, or whose puller leaves, goes to a puller again. After {@code
 * bus.push.max-deliveries} it moves to {@code {topic}/dead-letter}.
 */
final class DurablePuller {
  static final int WINDOW = 16;

  private final Vertx vertx;
  private final Bus bus;
  private final ServerWebSocket socket;
  private final String topic;
  private final String holder;
  private final boolean ack;
  private MessageConsumer<Long> wake;
  private long timer = -1;
  private int inFlight;
  private boolean taking;
  private boolean again;
  private boolean closed;

  DurablePuller(
      Vertx vertx, Bus bus, ServerWebSocket socket, String topic, String holder, boolean ack) {
    this.vertx = vertx;
    this.bus = bus;
    this.socket = socket;
    this.topic = topic;
    this.holder = holder;
    this.ack = ack;
  }

  private PushStore store() {
    return bus.pushes();
  }

  Future<Void> start() {
    wake = bus.eventBus().consumer(BusAddresses.pushed(topic), m -> take());
    long every = Math.max(100, bus.options().pushAckTimeout().toMillis() / 2);
    timer = vertx.setPeriodic(every, t -> take());
    return wake.completion().onSuccess(v -> take());
  }

  /** A text message from the client: an acknowledgement in ack mode. */
  void inbound(String text) {
    if (!ack) {
      return;
    }
    try {
      long id = new JsonObject(text).getLong("ack");
      store()
          .ack(id, holder)
          .onComplete(
              ar -> {
                synchronized (this) {
                  inFlight = Math.max(0, inFlight - 1);
                }
                take();
              });
    } catch (RuntimeException e) {
      socket.close((short) 1003, "expected {\"ack\": ID}");
    }
  }

  private void take() {
    int limit;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (taking) {
        again = true;
        return;
      }
      limit = WINDOW - inFlight;
      if (limit <= 0) {
        return;
      }
      taking = true;
      again = false;
    }
    store()
        .take(topic, holder, limit, bus.options().pushAckTimeout())
        .onComplete(
            ar -> {
              boolean more;
              synchronized (this) {
                taking = false;
                if (ar.succeeded()) {
                  ar.result().forEach(this::deliver);
                }
                more = again || (ar.succeeded() && ar.result().size() == limit);
              }
              if (more) {
                take();
              }
            });
  }

  private void deliver(Pushed message) {
    if (message.deliveries() > bus.options().pushMaxDeliveries()) {
      // Given out too often without an acknowledgement: park it where someone can look at it.
      store()
          .push(topic + "/dead-letter", message.binary(), message.payload())
          .compose(id -> store().ack(message.id(), holder));
      return;
    }
    if (closed || socket.isClosed()) {
      return;
    }
    if (ack) {
      JsonObject json =
          new JsonObject()
              .put("id", message.id())
              .put("topic", message.topic())
              .put("deliveries", message.deliveries());
      socket.writeTextMessage(
          Envelope.withData(json, message.binary(), message.payload()).encode());
      inFlight++;
    } else {
      Envelope.write(socket, message.binary(), message.payload());
      store().ack(message.id(), holder);
    }
  }

  /** The client left: what it held goes to the next puller at once. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timer);
    if (wake != null) {
      wake.unregister();
    }
    store().release(holder);
  }
}
