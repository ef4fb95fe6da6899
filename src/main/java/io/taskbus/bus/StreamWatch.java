package io.taskbus.bus;

import io.taskbus.stream.StreamStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A safety net under the live feed of durable streams. A subscription fills a gap as soon as a
 * later message arrives, but nothing arrives after a stream's last message if its live copy was
 * lost (a node that stored a message and died before publishing it, a cluster link that dropped
 * it). Once a second, one position query per followed stream finds subscriptions that are behind
 * the store, and they read on.
 */
final class StreamWatch {
  private static final long INTERVAL_MILLIS = 1000;

  private final Vertx vertx;
  private final StreamStore streams;
  private final Map<DurableSubscription, Context> watched = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean checking;

  StreamWatch(Vertx vertx, StreamStore streams) {
    this.vertx = vertx;
    this.streams = streams;
  }

  void start() {
    timer = vertx.setPeriodic(INTERVAL_MILLIS, t -> check());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Watches a subscription; it is read on from the context it was started on. */
  void add(DurableSubscription subscription) {
    Context context = Vertx.currentContext();
    watched.put(subscription, context == null ? vertx.getOrCreateContext() : context);
  }

  void remove(DurableSubscription subscription) {
    watched.remove(subscription);
  }

  private void check() {
    if (checking || watched.isEmpty()) {
      return;
    }
    checking = true;
    Map<String, List<DurableSubscription>> byStream =
        watched.keySet().stream().collect(Collectors.groupingBy(DurableSubscription::stream));
    List<Future<Void>> checks =
        byStream.entrySet().stream()
            .map(
                each ->
                    streams
                        .position(each.getKey())
                        .onSuccess(
                            found ->
                                found.ifPresent(
                                    position -> catchUp(each.getValue(), position.next() - 1)))
                        .<Void>mapEmpty()
                        .recover(e -> Future.succeededFuture()))
            .toList();
    Future.join(checks).onComplete(done -> checking = false);
  }

  private void catchUp(List<DurableSubscription> subscriptions, long head) {
    for (DurableSubscription subscription : subscriptions) {
      Context context = watched.get(subscription);
      if (context != null && subscription.behind(head)) {
        context.runOnContext(v -> subscription.catchUp());
      }
    }
  }
}
