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
 * A live WebSocket subscriber of job events: it receives every event, counts the finished events of
 * the tasks it expects and, where asked, measures finished → event, from the finish time in the
 * job's record to the moment the event arrives here. Counting does not parse the event (it looks
 * for the task's name in a finished event): what the subscriber's application does with an event is
 * its own cost, and here it would run on the node's own cores.
 */
final class JobEventSubscriber implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client =
      vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  private final WebSocket socket;
  private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<String, String> needles = new ConcurrentHashMap<>();
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
    needles.put(task, new JsonObject().put("task", task).encode().replaceAll("^\\{|\\}$", ""));
    finished.put(task, latch);
    return latch;
  }

  /** Counts them and measures finished → event for each: this parses every finished event. */
  CountDownLatch expectTimed(String task, int count) {
    latency.put(task, new Histogram(3));
    return expect(task, count);
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
    for (Map.Entry<String, String> needle : needles.entrySet()) {
      String task = needle.getKey();
      if (!latency.containsKey(task) && text.contains(needle.getValue())) {
        finished.get(task).countDown();
        return;
      }
    }
    JsonObject event = new JsonObject(text);
    JsonObject job = event.getJsonObject("job");
    String task = job.getString("task");
    CountDownLatch latch = finished.get(task);
    if (latch == null) {
      return;
    }
    Histogram timed = latency.get(task);
    if (timed != null) {
      Instant done = Instant.parse(job.getString("finished"));
      timed.recordValue(Math.max(0, Duration.between(done, received).toNanos() / 1000));
    }
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
