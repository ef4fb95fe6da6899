package io.taskbus.bus;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * A Server-Sent Events subscriber ({@code GET /events/{topic}}), for browsers' EventSource. Durable
 * messages carry {@code id: EPOCH:OFFSET}, so EventSource's automatic reconnect with {@code
 * Last-Event-ID} resumes without loss; a resume that cannot be honoured gets a {@code
 * not-recovered} event and the stream ends.
 */
final class EventStream {
  private final Vertx vertx;
  private final Bus bus;
  private final HttpServerResponse response;
  private final String topic;
  private final String stream;
  private final Consumer<BusMessage> receiver;
  private DurableSubscription durable;
  private String address;
  private long pingTimer = -1;
  private boolean closed;

  EventStream(Vertx vertx, Bus bus, HttpServerResponse response, String topic) {
    this.vertx = vertx;
    this.bus = bus;
    this.response = response;
    this.topic = topic;
    this.stream = bus.streamOf(topic).orElse(null);
    this.receiver =
        message -> {
          if (durable != null) {
            durable.live(message);
          } else {
            write(message);
          }
        };
  }

  /** Starts after {@code lastEventId} ("EPOCH:OFFSET") when given, else from now. */
  void start(String lastEventId) {
    bus.opened(Mode.SUB);
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(":ok\n\n");
    response.closeHandler(v -> release());
    pingTimer =
        vertx.setPeriodic(
            bus.options().pingInterval().toMillis(), t -> response.write(":ping\n\n"));
    if (stream == null) {
      address = BusAddresses.subscribers(topic);
      bus.fanOut().add(address, receiver);
      return;
    }
    Long since = null;
    String epoch = null;
    if (lastEventId != null && lastEventId.contains(":")) {
      int colon = lastEventId.lastIndexOf(':');
      epoch = lastEventId.substring(0, colon);
      try {
        since = Long.parseLong(lastEventId.substring(colon + 1));
      } catch (NumberFormatException e) {
        since = Long.MAX_VALUE;
      }
    }
    durable =
        new DurableSubscription(
            stream, topic, false, bus.streams(), this::writeDurable, this::notRecovered);
    address = BusAddresses.stream(stream);
    Long from = since;
    String fromEpoch = epoch;
    bus.fanOut()
        .add(address, receiver)
        .compose(v -> durable.start(from, fromEpoch))
        .onSuccess(
            v -> {
              if (!closed) {
                bus.following(durable);
              }
            })
        .onFailure(e -> notRecovered(e.getMessage()));
  }

  /**
   * A durable topic's message: false when the client cannot take it now; the subscription catches
   * up from the store once the response drains.
   */
  private synchronized boolean writeDurable(BusMessage message) {
    if (!closed && response.writeQueueFull()) {
      response.drainHandler(v -> durable.resume());
      return false;
    }
    write(message);
    return true;
  }

  private synchronized void write(BusMessage message) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      response.end(":slow consumer, disconnected\n\n");
      release();
      return;
    }
    StringBuilder event = new StringBuilder();
    if (message.durable()) {
      event
          .append("id: ")
          .append(message.epoch())
          .append(':')
          .append(message.offset())
          .append('\n');
    }
    String data;
    if (message.binary()) {
      event.append("event: base64\n");
      data = Base64.getEncoder().encodeToString(message.payload().getBytes());
    } else {
      data = message.payload().toString(StandardCharsets.UTF_8);
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      event.append("data: ").append(line).append('\n');
    }
    response.write(event.append('\n').toString());
  }

  private synchronized void notRecovered(String reason) {
    if (!closed) {
      response.end("event: not-recovered\ndata: " + reason + "\n\n");
      release();
    }
  }

  private synchronized void release() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(pingTimer);
    if (address != null) {
      bus.fanOut().remove(address, receiver);
    }
    bus.notFollowing(durable);
    bus.closed(Mode.SUB);
  }
}
