package io.taskbus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A live WebSocket subscriber of job events, as an application would run one: it counts finished
 * events per task and measures finished → event, from the finish time in the job's record to the
 * moment the event arrives here.
 */
final class JobEventSubscriber implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client =
      vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  private final WebSocket socket;
  private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile String dropped;

  JobEventSubscriber(int port, String topic) throws Exception {
    socket = FanOut.await(client.connect(port, "127.0.0.1", "/sub/" + topic));
    socket.textMessageHandler(this::event);
    socket.closeHandler(
        v -> {
          if (!closed) {
            // The node dropped us: say so rather than wait for events that will not come.
            String why =
                "closed by the node: " + socket.closeStatusCode() + " " + socket.closeReason();
            System.err.println("job event subscriber " + why);
            finished
                .values()
                .forEach(
                    latch -> {
                      while (latch.getCount() > 0) {
                        latch.countDown();
                      }
                    });
            dropped = why;
          }
        });
  }

  /** Why the node closed the subscriber, or null. */
  String dropped() {
    return dropped;
  }

  /** Counts the next {@code count} finished events of {@code task}. */
  CountDownLatch expect(String task, int count) {
    CountDownLatch latch = new CountDownLatch(count);
    finished.put(task, latch);
    latency.put(task, new Histogram(3));
    return latch;
  }

  Histogram latency(String task) {
    return latency.get(task);
  }

  private void event(String text) {
    Instant received = Instant.now();
    // Only finished events are counted; the others are not worth parsing here.
    if (!text.startsWith("{\"event\":\"finished\"")) {
      return;
    }
    JsonObject event = new JsonObject(text);
    JsonObject job = event.getJsonObject("job");
    String task = job.getString("task");
    CountDownLatch latch = finished.get(task);
    if (latch == null) {
      return;
    }
    Instant done = Instant.parse(job.getString("finished"));
    latency.get(task).recordValue(Math.max(0, Duration.between(done, received).toNanos() / 1000));
    latch.countDown();
  }

  @Override
  public void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    socket.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
