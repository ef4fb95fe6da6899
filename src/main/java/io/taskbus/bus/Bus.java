package io.taskbus.bus;

import io.taskbus.batch.GroupCommit;
import io.taskbus.events.JobEvents;
import io.taskbus.stream.Appended;
import io.taskbus.stream.NewMessage;
import io.taskbus.stream.PushStore;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of one node: publishes on the (clustered) event bus, hands pushes to one puller anywhere,
 * keeps pushes that find no puller until one connects, and counts connections.
 */
public final class Bus {
  private static final Logger log = LoggerFactory.getLogger(Bus.class);
  private static final int PUSH_TRIES = 3;

  /** Streams of {@code /bus} peers are named apart from {@code /pub} streams of the same prefix. */
  static final String PEER_STREAM = "bus:";

  private final Vertx vertx;
  private final BusOptions options;
  private final PendingPushes pending;
  private final Map<Mode, AtomicInteger> connections = new EnumMap<>(Mode.class);
  private MessageConsumer<String> pullerJoined;
  private LocalFanOut fanOut;
  private final StreamStore streams;
  private long trimTimer = -1;
  private final Map<String, GroupCommit<BusMessage, Appended>> commits = new HashMap<>();
  private io.vertx.core.Context writer;
  private JobEventFeed jobEvents;
  private StreamWatch watch;

  public Bus(Vertx vertx, BusOptions options, StreamStore streams) {
    this.vertx = vertx;
    this.options = options;
    this.streams = streams;
    this.pending = new PendingPushes(options.pendingPushLimit());
    for (Mode mode : Mode.values()) {
      connections.put(mode, new AtomicInteger());
    }
  }

  public Future<Void> start() {
    try {
      vertx.eventBus().registerDefaultCodec(BusMessage.class, new BusMessageCodec());
      vertx.eventBus().registerDefaultCodec(BusMessagePage.class, new BusMessagePage.Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // another Bus of this Vert.x instance registered it
    }
    fanOut = new LocalFanOut(vertx.eventBus());
    writer = vertx.getOrCreateContext();
    pullerJoined = vertx.eventBus().consumer(BusAddresses.PULLER_JOINED, m -> flush(m.body()));
    if (streams != null && !options.durablePrefixes().isEmpty()) {
      trimTimer = vertx.setPeriodic(60_000, t -> trim());
    }
    if (streams != null) {
      jobEvents = new JobEventFeed(vertx, streams, fanOut);
      jobEvents.start();
      watch = new StreamWatch(vertx, streams);
      watch.start();
    }
    return pullerJoined.completion();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(trimTimer);
    if (jobEvents != null) {
      jobEvents.stop();
      watch.stop();
    }
    return pullerJoined == null ? Future.succeededFuture() : pullerJoined.unregister();
  }

  /** Applies each durable stream's count and age limits. */
  public Future<Void> trim() {
    Future<Void> chain = Future.succeededFuture();
    for (String stream : options.durablePrefixes()) {
      chain =
          chain.compose(
              v ->
                  streams
                      .trim(stream, options.durableMaxCount(), options.durableMaxAge())
                      .<Void>mapEmpty()
                      .recover(
                          e -> {
                            log.warn("Could not trim stream {}: {}", stream, e.getMessage());
                            return Future.succeededFuture();
                          }));
    }
    return chain;
  }

  /**
   * The durable stream of {@code topic}, if it has one and this node stores streams; job events
   * always have theirs.
   */
  java.util.Optional<String> streamOf(String topic) {
    if (streams == null) {
      return java.util.Optional.empty();
    }
    return JobEvents.covers(topic)
        ? java.util.Optional.of(JobEvents.STREAM)
        : options.streamOf(topic);
  }

  /** Job events were written (here or on another node): followers on this node get them. */
  public void jobsChanged() {
    if (jobEvents != null) {
      jobEvents.poke();
    }
  }

  /**
   * A durable subscription has read its stream up to its head and now relies on live messages. Job
   * events come from this node's own feed, which checks the store itself; other streams are watched
   * for a lost live message.
   */
  void following(DurableSubscription subscription) {
    if (jobEvents == null) {
      return;
    }
    if (subscription.stream().equals(JobEvents.STREAM)) {
      jobEvents.from(subscription.head());
    } else {
      watch.add(subscription);
    }
  }

  /** The subscription ended. */
  void notFollowing(DurableSubscription subscription) {
    if (watch != null && subscription != null) {
      watch.remove(subscription);
    }
  }

  /**
   * Hands every job event written from now on to {@code receiver}, in offset order; the future
   * answers the action that stops it.
   */
  public Future<Runnable> followJobEvents(java.util.function.Consumer<BusMessage> receiver) {
    if (jobEvents == null) {
      return Future.failedFuture(new IllegalStateException("this node stores no streams"));
    }
    String address = BusAddresses.stream(JobEvents.STREAM);
    Runnable stop = () -> fanOut.remove(address, receiver);
    return fanOut
        .add(address, receiver)
        .compose(v -> streams.position(JobEvents.STREAM))
        .map(
            position -> {
              jobEvents.from(position.map(p -> p.next() - 1).orElse(0L));
              return stop;
            })
        .onFailure(e -> stop.run());
  }

  /** The stream {@code mode} uses on {@code topic}: /bus peers have their own beside /pub. */
  java.util.Optional<String> streamOf(Mode mode, String topic) {
    return streamOf(topic).map(stream -> mode == Mode.BUS ? PEER_STREAM + stream : stream);
  }

  StreamStore streams() {
    return streams;
  }

  PushStore pushes() {
    return (PushStore) streams;
  }

  /**
   * Stores a push on a durable topic, then wakes the topic's pullers on every node; the future
   * succeeds (with the message id) only once it is stored.
   */
  public Future<Long> pushDurable(BusMessage message) {
    return pushes()
        .push(message.topic(), message.binary(), message.payload())
        .onSuccess(id -> vertx.eventBus().publish(BusAddresses.pushed(message.topic()), id));
  }

  /**
   * Stores the message in its stream, then publishes it live with its offset: to the stream's
   * followers, and to plain subscribers of topics above the stream's prefix. The future succeeds
   * only once the message is stored.
   */
  public Future<Appended> publishDurable(String stream, BusMessage message) {
    Promise<Appended> stored = Promise.promise();
    // Appends to one stream are written together while a write is in flight (group commit),
    // on one context so the batching needs no locks.
    writer.runOnContext(
        v ->
            commits
                .computeIfAbsent(stream, s -> new GroupCommit<>(batch -> appendAll(s, batch), 500))
                .submit(List.of(message))
                .map(list -> list.get(0))
                .onComplete(stored));
    return stored
        .future()
        .onSuccess(
            appended -> {
              BusMessage live =
                  new BusMessage(
                      message.topic(),
                      message.binary(),
                      message.payload(),
                      message.sender(),
                      appended.first(),
                      appended.epoch(),
                      System.currentTimeMillis());
              EventBus bus = vertx.eventBus();
              bus.publish(BusAddresses.stream(stream), live);
              for (String topic : new Topic(message.topic()).withParents()) {
                if (!stream.startsWith(PEER_STREAM) && topic.length() < stream.length()) {
                  bus.publish(BusAddresses.subscribers(topic), live);
                }
              }
            });
  }

  /** One append for a batch; answers each message's own place. */
  private Future<List<Appended>> appendAll(String stream, List<BusMessage> batch) {
    List<NewMessage> messages = new ArrayList<>();
    for (BusMessage m : batch) {
      String sender = stream.startsWith(PEER_STREAM) ? m.sender() : null;
      messages.add(new NewMessage(m.topic(), m.binary(), m.payload(), sender));
    }
    return streams
        .append(stream, messages)
        .map(
            appended -> {
              List<Appended> each = new ArrayList<>();
              for (int i = 0; i < batch.size(); i++) {
                each.add(new Appended(appended.epoch(), appended.first() + i, 1));
              }
              return each;
            });
  }

  BusOptions options() {
    return options;
  }

  EventBus eventBus() {
    return vertx.eventBus();
  }

  LocalFanOut fanOut() {
    return fanOut;
  }

  /** {@code /bus} and {@code /pub} publishing; {@code /push} goes through {@link #push}. */
  public void publish(Mode mode, BusMessage message) {
    EventBus bus = vertx.eventBus();
    switch (mode) {
      case BUS -> bus.publish(BusAddresses.peers(message.topic()), message);
      case PUB -> {
        for (String topic : new Topic(message.topic()).withParents()) {
          bus.publish(BusAddresses.subscribers(topic), message);
        }
      }
      default -> throw new IllegalArgumentException("cannot publish in mode " + mode);
    }
  }

  /**
   * Gives the message to exactly one puller in the cluster. With no puller it waits in memory
   * (bounded per topic) until one connects; fails only when that queue is full.
   */
  public Future<Void> push(BusMessage message) {
    return push(message, PUSH_TRIES);
  }

  private Future<Void> push(BusMessage message, int tries) {
    Promise<Void> done = Promise.promise();
    vertx
        .eventBus()
        .request(
            BusAddresses.pullers(message.topic()),
            message,
            new DeliveryOptions().setSendTimeout(10_000))
        .onSuccess(reply -> done.complete())
        .onFailure(
            e -> {
              boolean noPuller =
                  e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
              if (!noPuller && tries > 1) {
                // the puller went away while receiving: give it to another one
                push(message, tries - 1).onComplete(done);
              } else if (park(message)) {
                done.complete();
              } else {
                done.fail(
                    new BusFullException(
                        "no puller on topic \""
                            + message.topic()
                            + "\" and "
                            + options.pendingPushLimit()
                            + " messages already wait for one"));
              }
            });
    return done.future();
  }

  private synchronized boolean park(BusMessage message) {
    return pending.add(message);
  }

  private synchronized List<BusMessage> unpark(String topic) {
    return pending.take(topic);
  }

  /** A puller joined somewhere: send what waits here, oldest first. */
  private void flush(String topic) {
    List<BusMessage> waiting = unpark(topic);
    if (!waiting.isEmpty()) {
      log.debug("Sending {} waiting pushes on {}", waiting.size(), topic);
    }
    Future<Void> chain = Future.succeededFuture();
    for (BusMessage message : waiting) {
      chain = chain.compose(v -> push(message).recover(e -> Future.succeededFuture()));
    }
  }

  void opened(Mode mode) {
    connections.get(mode).incrementAndGet();
  }

  void closed(Mode mode) {
    connections.get(mode).decrementAndGet();
  }

  public int connections() {
    return connections.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public synchronized JsonObject stats() {
    JsonObject byMode = new JsonObject();
    connections.forEach((mode, count) -> byMode.put(mode.path(), count.get()));
    return new JsonObject()
        .put("connections", byMode)
        .put("subscribed_addresses", fanOut == null ? 0 : fanOut.addresses())
        .put("pending_pushes", pending.total())
        .put("pending_push_topics", pending.topics());
  }
}
