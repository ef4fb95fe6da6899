package io.taskbus.bus;

import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamPosition;
import io.taskbus.stream.StreamStore;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A subscriber of a durable topic: it follows the whole stream (live messages, and the store
 * whenever live ones arrive out of order or were missed) and hands on, in offset order and once,
 * the messages under its topic. Offsets commit in order, so a read after offset N always returns N
 * + 1 next: a gap in the live feed is filled from the store, never skipped. A client that cannot
 * keep up is not dropped: {@code out} answers false, the subscription pauses, and on {@link
 * #resume()} it catches up: what it had read, then the store.
 */
final class DurableSubscription {
  static final int PAGE = 500;

  /** Why a resume was refused: the client is told, never given a partial replay. */
  static final class NotRecovered extends RuntimeException {
    NotRecovered(String message) {
      super(message);
    }
  }

  private final String stream;
  private final String topic;
  private final String under;
  private final boolean exact;
  private final StreamStore store;
  private final Predicate<BusMessage> out;
  private final Consumer<String> fail;
  private final TreeMap<Long, BusMessage> early = new TreeMap<>();
  // Read from the store but not yet handed on when the client could take no more (at most a
  // page): handed on first when it can, so a slow client does not make the store read them again.
  private final ArrayDeque<StreamMessage> held = new ArrayDeque<>();
  private String epoch;
  private long last;
  private long head;
  private boolean started;
  private boolean reading;
  private boolean failed;
  // The client could not take more: live messages are let go (the store keeps them) until it can.
  private boolean paused;

  DurableSubscription(
      String stream,
      String topic,
      boolean exact,
      StreamStore store,
      Predicate<BusMessage> out,
      Consumer<String> fail) {
    this.stream = stream;
    this.topic = topic;
    this.under = topic + "/";
    this.exact = exact;
    this.store = store;
    this.out = out;
    this.fail = fail;
  }

  /**
   * Starts after the live feed is registered: from now, or after {@code since} of {@code
   * sinceEpoch} when the client resumes.
   */
  Future<Void> start(Long since, String sinceEpoch) {
    return store
        .position(stream)
        .compose(
            found -> {
              StreamPosition position = found.orElse(null);
              synchronized (this) {
                head = position == null ? 0 : position.next() - 1;
                if (since == null) {
                  epoch = position == null ? null : position.epoch();
                  last = position == null ? 0 : position.next() - 1;
                } else if (position == null ? since != 0 : !position.canResume(sinceEpoch, since)) {
                  return Future.failedFuture(notRecovered(position));
                } else {
                  epoch = position == null ? null : position.epoch();
                  last = since;
                }
                started = true;
              }
              read();
              return Future.succeededFuture();
            });
  }

  private static NotRecovered notRecovered(StreamPosition position) {
    if (position == null) {
      return new NotRecovered("not recovered: the stream is empty");
    }
    String held =
        position.next() > position.first()
            ? "holds offsets " + position.first() + ".." + (position.next() - 1)
            : "holds no messages (the next will be offset " + position.next() + ")";
    return new NotRecovered("not recovered: epoch " + position.epoch() + " " + held);
  }

  String stream() {
    return stream;
  }

  /**
   * Whether the store holds messages after the last one handed on, and nothing is on the way to
   * bring them: no read running, not paused, not failed.
   */
  synchronized boolean behind(long storeHead) {
    return started && !reading && !paused && !failed && last < storeHead;
  }

  /** Reads on from the store: the live feed lost a message that nothing after it will reveal. */
  void catchUp() {
    synchronized (this) {
      if (paused) {
        return;
      }
    }
    read();
  }

  /** The stream's last offset when this subscription started; it reads up to there by itself. */
  synchronized long head() {
    return head;
  }

  /** A message from the live feed of the stream. */
  synchronized void live(BusMessage message) {
    if (failed || paused) {
      return;
    }
    if (epoch == null) {
      epoch = message.epoch();
    }
    if (!message.epoch().equals(epoch)) {
      stop("not recovered: the stream was reset (epoch " + message.epoch() + ")");
      return;
    }
    if (message.offset() <= last) {
      return;
    }
    if (message.offset() == last + 1 && started && !reading && early.isEmpty()) {
      accept(message); // the usual case, in order: nothing to sort
      return;
    }
    early.put(message.offset(), message);
    if (started && !reading) {
      drain();
      if (!early.isEmpty()) {
        read();
      }
    }
  }

  /** Hands on the early messages that follow {@code last} without a gap. */
  private void drain() {
    while (!paused && !early.isEmpty() && early.firstKey() <= last + 1) {
      BusMessage next = early.pollFirstEntry().getValue();
      if (next.offset() == last + 1) {
        accept(next);
      }
    }
  }

  private void accept(BusMessage message) {
    String t = message.topic();
    if ((t.equals(topic) || (!exact && t.startsWith(under))) && !out.test(message)) {
      paused = true;
      early.clear();
      return;
    }
    last = message.offset();
  }

  /** The client can take messages again: what was held first, then the store, then live. */
  void resume() {
    synchronized (this) {
      if (!paused || failed) {
        return;
      }
      paused = false;
      if (!handOnHeld()) {
        return;
      }
    }
    read();
  }

  /** Reads from the store after {@code last} until the live feed can take over. */
  private void read() {
    long after;
    synchronized (this) {
      if (reading || failed) {
        return;
      }
      reading = true;
      after = last;
    }
    store
        .read(stream, after, PAGE)
        .onComplete(
            ar -> {
              boolean again;
              synchronized (this) {
                reading = false;
                if (ar.failed()) {
                  stop("could not read the stream: " + ar.cause().getMessage());
                  return;
                }
                List<StreamMessage> page = ar.result();
                held.addAll(page);
                if (paused || !handOnHeld()) {
                  return;
                }
                drain();
                again = !paused && (page.size() == PAGE || !early.isEmpty());
              }
              if (again) {
                read();
              }
            });
  }

  /**
   * Hands on the held messages in order, each dropped once handed on; false when it stopped: the
   * client could take no more (the rest stay held) or the store had a gap.
   */
  private boolean handOnHeld() {
    while (!held.isEmpty()) {
      StreamMessage m = held.peekFirst();
      if (m.offset() != last + 1) {
        stop("not recovered: offsets after " + last + " were trimmed");
        return false;
      }
      accept(BusMessage.stored(m));
      if (paused) {
        return false;
      }
      held.pollFirst();
    }
    return true;
  }

  private void stop(String reason) {
    failed = true;
    early.clear();
    held.clear();
    fail.accept(reason);
  }
}
