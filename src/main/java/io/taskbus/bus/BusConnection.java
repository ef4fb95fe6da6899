package io.taskbus.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client on one topic. Everything it holds (its event bus consumer, its ping timer)
 * is released when the socket closes, however it closes.
 */
final class BusConnection {
  private static final Logger log = LoggerFactory.getLogger(BusConnection.class);
  static final short SLOW_CONSUMER = 1008;
  static final short TRY_LATER = 1013;
  static final short TOO_BIG = 1009;
  static final short STORE_FAILED = 1011;
  static final short NOT_UTF8 = 1007;

  /** A resume that cannot be honoured exactly: the reason names the epoch and offsets held. */
  static final short NOT_RECOVERED = 4010;

  static final short NO_PONG = 1001;

  private final Vertx vertx;
  private final Bus bus;
  private final ServerWebSocket socket;
  private final Mode mode;
  private final String topic;
  private final boolean echo;
  private final ConnectionParams params;
  private final String stream;
  private DurableSubscription durable;
  private DurablePuller puller;
  private final String id = UUID.randomUUID().toString();
  private MessageConsumer<BusMessage> consumer;
  private String sharedAddress;
  private final java.util.function.Consumer<BusMessage> receiver =
      message -> {
        if (durable != null) {
          durable.live(message);
        } else {
          write(message);
        }
      };
  private long pingTimer = -1;
  private volatile long lastPong = System.nanoTime();
  private boolean closed;
  private Buffer partial;
  private boolean partialBinary;

  BusConnection(
      Vertx vertx,
      Bus bus,
      ServerWebSocket socket,
      Mode mode,
      String topic,
      ConnectionParams params) {
    this.vertx = vertx;
    this.bus = bus;
    this.socket = socket;
    this.mode = mode;
    this.topic = topic;
    this.params = params;
    this.echo = params.echo();
    this.stream = bus.streamOf(mode, topic).orElse(null);
  }

  Future<Void> start() {
    bus.opened(mode);
    socket.closeHandler(v -> release());
    socket.exceptionHandler(e -> log.debug("WebSocket on {} failed: {}", topic, e.getMessage()));
    socket.setWriteQueueMaxSize(bus.options().writeQueueBytes());
    socket.frameHandler(this::frame);
    socket.pongHandler(data -> lastPong = System.nanoTime());
    long interval = bus.options().pingInterval().toMillis();
    pingTimer = vertx.setPeriodic(interval, t -> ping());
    Future<Void> registered =
        switch (mode) {
          case BUS -> stream == null ? share(BusAddresses.peers(topic)) : follow();
          case SUB -> stream == null ? share(BusAddresses.subscribers(topic)) : follow();
          case PULL ->
              stream != null
                  ? (puller = new DurablePuller(vertx, bus, socket, topic, id, params.ack()))
                      .start()
                  : listen(BusAddresses.pullers(topic))
                      .onSuccess(v -> bus.eventBus().publish(BusAddresses.PULLER_JOINED, topic));
          case PUB, PUSH -> Future.succeededFuture();
        };
    return registered;
  }

  /** Pullers each have a consumer, so the event bus picks one of them per message. */
  private Future<Void> listen(String address) {
    consumer = bus.eventBus().consumer(address, this::deliver);
    return consumer.completion();
  }

  /** Stores the message in this connection's stream; acks it when the publisher asked. */
  private void publishDurable(BusMessage message) {
    bus.publishDurable(stream, message)
        .onSuccess(
            stored -> {
              if (params.ack()) {
                socket.writeTextMessage(
                    new io.vertx.core.json.JsonObject()
                        .put("ack", stored.first())
                        .put("epoch", stored.epoch())
                        .encode());
              }
            })
        .onFailure(e -> close(STORE_FAILED, "could not store the message: " + e.getMessage()));
  }

  /** A subscriber of a durable topic follows its stream, in offset order, resuming if asked. */
  private Future<Void> follow() {
    durable =
        new DurableSubscription(
            stream,
            topic,
            mode == Mode.BUS,
            bus.streams(),
            this::writeDurable,
            reason -> close(NOT_RECOVERED, reason));
    return share(BusAddresses.stream(stream))
        .compose(v -> durable.start(params.since(), params.epoch()))
        .onSuccess(
            v -> {
              if (!closed) {
                bus.following(durable);
              }
            })
        .onFailure(e -> close(NOT_RECOVERED, e.getMessage()));
  }

  /** Peers and subscribers share one consumer per node and address. */
  private Future<Void> share(String address) {
    sharedAddress = address;
    return bus.fanOut().add(address, receiver);
  }

  /** Joins fragmented messages, closing with 1009 as soon as one grows past the limit. */
  private void frame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      partial = Buffer.buffer();
      partialBinary = frame.isBinary();
    } else if (!frame.isContinuation() || partial == null) {
      return;
    }
    partial.appendBuffer(frame.binaryData());
    int limit = bus.options().maxMessageBytes();
    if (partial.length() > limit) {
      partial = null;
      close(TOO_BIG, "message larger than " + limit + " bytes (bus.max-message-bytes)");
      return;
    }
    if (frame.isFinal()) {
      Buffer message = partial;
      partial = null;
      if (!partialBinary && !TextFrames.utf8(message)) {
        close(NOT_UTF8, "a text message must be UTF-8; send other bytes as a binary message");
        return;
      }
      inbound(partialBinary, message);
    }
  }

  private void inbound(boolean binary, Buffer payload) {
    BusMessage message = new BusMessage(topic, binary, payload, id);
    switch (mode) {
      case BUS -> {
        if (stream == null) {
          bus.publish(mode, message);
        } else {
          publishDurable(message);
        }
      }
      case PUB -> {
        if (stream == null) {
          bus.publish(mode, message);
        } else {
          publishDurable(message);
        }
      }
      case PUSH -> {
        if (stream == null) {
          bus.push(message).onFailure(e -> close(TRY_LATER, e.getMessage()));
        } else {
          bus.pushDurable(message)
              .onSuccess(
                  pushed -> {
                    if (params.ack()) {
                      socket.writeTextMessage(
                          new io.vertx.core.json.JsonObject().put("ack", pushed).encode());
                    }
                  })
              .onFailure(
                  e -> close(STORE_FAILED, "could not store the message: " + e.getMessage()));
        }
      }
      case PULL -> {
        if (puller != null && !binary) {
          puller.inbound(payload.toString(StandardCharsets.UTF_8));
        }
      }
      case SUB -> {
        // Mercury ignores what subscribers and pullers send; so do we.
      }
    }
  }

  private void deliver(Message<BusMessage> envelope) {
    if (write(envelope.body())) {
      envelope.reply(null);
    } else {
      envelope.fail(503, "puller gone");
    }
  }

  /**
   * Writes one message of a durable topic; false when the client cannot take it now (the store
   * keeps it: the subscription catches up once the socket drains) or has gone.
   */
  private boolean writeDurable(BusMessage message) {
    // The socket can be closed before its close handler has run: nothing more is written to it.
    if (closed || socket.isClosed() || own(message)) {
      return true;
    }
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> durable.resume());
      return false;
    }
    send(message);
    return true;
  }

  /** Writes one message; false if this connection is closed or was just dropped as too slow. */
  private boolean write(BusMessage message) {
    if (closed || socket.isClosed()) {
      return false;
    }
    if (own(message)) {
      return true;
    }
    if (socket.writeQueueFull()) {
      // A consumer that cannot keep up is dropped, so its backlog cannot grow without bound.
      close(
          SLOW_CONSUMER,
          "slow consumer: more than "
              + bus.options().writeQueueBytes()
              + " bytes waiting to be sent");
      return false;
    }
    send(message);
    return true;
  }

  /** A /bus peer is not sent its own messages unless it asked for them. */
  private boolean own(BusMessage message) {
    return mode == Mode.BUS && !echo && message.sender().equals(id);
  }

  /** Writes one message the socket has room for. */
  private void send(BusMessage message) {
    if (params.envelope() && message.durable()) {
      socket.writeTextMessage(Envelope.of(message));
    } else {
      Envelope.write(socket, message.binary(), message.payload());
    }
  }

  private void ping() {
    long silent = System.nanoTime() - lastPong;
    long limit = bus.options().pingInterval().plus(bus.options().pongTimeout()).toNanos();
    if (silent > limit) {
      close(NO_PONG, "no pong within " + bus.options().pongTimeout().toSeconds() + " s of a ping");
    } else if (!socket.isClosed()) {
      socket.writePing(Buffer.buffer("taskbus"));
    }
  }

  private void close(short code, String reason) {
    if (!closed) {
      socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
      release();
    }
  }

  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(pingTimer);
    if (consumer != null) {
      consumer.unregister();
    }
    if (sharedAddress != null) {
      bus.fanOut().remove(sharedAddress, receiver);
    }
    if (puller != null) {
      puller.close();
    }
    bus.notFollowing(durable);
    bus.closed(mode);
  }
}
