package io.taskbus.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-Sent Events with Last-Event-ID, read by a real HTTP client line by line. */
class EventStreamTest {
  private TestNode node;
  private Taskbus taskbus;
  private Http http;

  @BeforeEach
  void start() {
    node = TestNode.bus("bus.durable", "livesys");
    taskbus = node.taskbus();
    http = node.http();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** Opens the stream and collects its non-comment lines. */
  BlockingQueue<String> events(String path, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + taskbus.httpPort() + path));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  if (!line.isEmpty() && !line.startsWith(":")) {
                    lines.add(line);
                  }
                }
              } catch (Exception ignored) {
                // the stream ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  static String next(BlockingQueue<String> lines) throws InterruptedException {
    String line = lines.poll(10, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no event line within 10 s");
    }
    return line;
  }

  @Test
  void last_event_id_resumes_a_durable_topic_then_events_continue_live() throws Exception {
    String epoch = new JsonObject(http.post("/pub/livesys/1", "one").body()).getString("epoch");
    http.post("/pub/livesys/2", "two\nlines");
    BlockingQueue<String> lines = events("/events/livesys", epoch + ":1");
    assertEquals("id: " + epoch + ":2", next(lines));
    assertEquals("data: two", next(lines));
    assertEquals("data: lines", next(lines));
    http.post("/pub/livesys/3", "three");
    assertEquals("id: " + epoch + ":3", next(lines));
    assertEquals("data: three", next(lines));
  }

  @Test
  void an_impossible_resume_ends_the_stream_with_a_not_recovered_event() throws Exception {
    http.post("/pub/livesys/1", "one");
    BlockingQueue<String> lines = events("/events/livesys", "other-epoch:1");
    assertEquals("event: not-recovered", next(lines));
    assertTrue(next(lines).startsWith("data: not recovered: epoch "));
  }

  @Test
  void ephemeral_topics_stream_live_without_ids() throws Exception {
    BlockingQueue<String> lines = events("/events/plain", null);
    Await.until(
        () -> {
          http.post("/pub/plain/x", "hello");
          return !lines.isEmpty();
        },
        10);
    assertEquals("data: hello", next(lines));
  }
}
