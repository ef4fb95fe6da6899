package io.taskbus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Stores {@code count} durable messages, then times a subscriber resuming from offset 0. */
final class DurableResume {
  record Result(double storedPerSecond, double resumedPerSecond) {}

  static Result run(Vertx clients, int port, String topic, int count) throws Exception {
    WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions());
    WebSocket publisher =
        FanOut.await(client.connect(port, "127.0.0.1", "/pub/" + topic + "?ack=1"));
    Semaphore window = new Semaphore(500);
    CountDownLatch acked = new CountDownLatch(count);
    AtomicReference<String> epoch = new AtomicReference<>();
    AtomicReference<Long> first = new AtomicReference<>();
    publisher.textMessageHandler(
        text -> {
          JsonObject ack = new JsonObject(text);
          epoch.compareAndSet(null, ack.getString("epoch"));
          first.compareAndSet(null, ack.getLong("ack"));
          window.release();
          acked.countDown();
        });
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      window.acquire();
      publisher.writeTextMessage("m" + i);
    }
    acked.await(10, TimeUnit.MINUTES);
    double stored = count / ((System.nanoTime() - start) / 1e9);
    CountDownLatch received = new CountDownLatch(count);
    long since = first.get() - 1;
    long resumeStart = System.nanoTime();
    WebSocket subscriber =
        FanOut.await(
            client.connect(
                port, "127.0.0.1", "/sub/" + topic + "?since=" + since + "&epoch=" + epoch.get()));
    subscriber.textMessageHandler(text -> received.countDown());
    received.await(10, TimeUnit.MINUTES);
    double resumed = count / ((System.nanoTime() - resumeStart) / 1e9);
    subscriber.close();
    publisher.close();
    client.close();
    return new Result(stored, resumed);
  }
}
