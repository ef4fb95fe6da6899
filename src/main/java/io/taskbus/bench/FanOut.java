package io.taskbus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One fan-out run: N WebSocket subscribers, one publisher, M messages, flood (at most {@link
 * #WINDOW} messages not yet delivered to everyone) or paced. Messages carry their send time.
 */
final class FanOut {
  static final int WINDOW = 64;

  record Result(double deliveriesPerSecond, Histogram latencyMicros) {}

  private final Vertx clients;
  private final WebSocketClient client;

  FanOut(Vertx clients) {
    this.clients = clients;
    this.client =
        clients.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(20_000).setMaxFrameSize(1 << 20));
  }

  Result run(
      int pubPort,
      String pubPath,
      int subPort,
      String subPath,
      int subscribers,
      int messages,
      int rate)
      throws Exception {
    AtomicIntegerArray received = new AtomicIntegerArray(messages);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger warmed = new AtomicInteger();
    ConcurrentHistogram latency = new ConcurrentHistogram(3);
    List<WebSocket> subs = new ArrayList<>();
    boolean[][] warm = new boolean[1][subscribers];
    for (int s = 0; s < subscribers; s++) {
      int id = s;
      WebSocket socket = await(client.connect(subPort, "127.0.0.1", subPath));
      socket.textMessageHandler(
          text -> {
            int colon = text.indexOf(':');
            int index = Integer.parseInt(text.substring(0, colon));
            if (index < 0) {
              if (!warm[0][id]) {
                warm[0][id] = true;
                warmed.incrementAndGet();
              }
              return;
            }
            long sent = Long.parseLong(text.substring(colon + 1));
            latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
            if (received.incrementAndGet(index) == subscribers) {
              completed.incrementAndGet();
            }
          });
      subs.add(socket);
    }
    WebSocket publisher = await(client.connect(pubPort, "127.0.0.1", pubPath));
    // Subscriptions reach other nodes asynchronously: publish probes until everyone hears one.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (warmed.get() < subscribers && System.nanoTime() < deadline) {
      publisher.writeTextMessage("-1:0");
      Thread.sleep(50);
    }
    Thread.sleep(200);
    latency.reset();
    long start = System.nanoTime();
    long interval = rate > 0 ? 1_000_000_000L / rate : 0;
    long next = start;
    for (int i = 0; i < messages; i++) {
      if (rate > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        next += interval;
      } else {
        while (i - completed.get() >= WINDOW) {
          LockSupport.parkNanos(20_000);
        }
      }
      String text = i + ":" + System.nanoTime();
      publisher.writeTextMessage(text);
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (completed.get() < messages && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long delivered = 0;
    for (int i = 0; i < messages; i++) {
      delivered += received.get(i);
    }
    for (WebSocket socket : subs) {
      socket.close();
    }
    publisher.close();
    return new Result(delivered / seconds, latency.copy());
  }

  void close() {
    client.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
