package io.taskbus.events;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node on a SQLite file: job events reach WebSocket subscribers, who can resume. */
class JobEventsOnTheBusTest {
  @TempDir Path folder;
  private Vertx vertx;
  private Taskbus node;
  private Http http;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    node =
        Nodes.start(
            vertx, Nodes.examples(), "sqlite:" + folder.resolve("taskbus.db"), "node.name", "n1");
    http = new Http(node.httpPort());
  }

  @AfterEach
  void stop() {
    await(node.close());
    await(vertx.close());
  }

  private long enqueue(String task, String args) {
    var response = http.post("/api/jobs", "{\"task\":\"" + task + "\",\"args\":" + args + "}");
    assertEquals(201, response.statusCode(), response.body());
    return new JsonObject(response.body()).getLong("id");
  }

  private static JsonObject event(WsClient client) {
    return new JsonObject(client.next().text());
  }

  @Test
  void a_subscriber_sees_each_change_of_a_job_with_its_record() {
    WsClient all = WsClient.connect(node.httpPort(), "/sub/jobs");
    WsClient echoes = WsClient.connect(node.httpPort(), "/sub/jobs/default/echo");
    long id = enqueue("echo", "[\"hello\"]");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject event = event(all);
      assertEquals("n1", event.getString("node"));
      assertEquals(id, event.getJsonObject("job").getLong("id"));
      seen.add(event.getString("event"));
      if (event.getString("event").equals("finished")) {
        Job job = Job.fromJson(event.getJsonObject("job"));
        assertEquals(JobState.FINISHED, job.state());
        assertEquals("[\"hello\"]", String.valueOf(job.result()));
      }
    }
    assertEquals(List.of("enqueued", "started", "finished"), seen);
    assertEquals("enqueued", event(echoes).getString("event"));

    enqueue("fail", "[\"no luck\"]");
    JsonObject failed = null;
    for (int i = 0; i < 3; i++) {
      failed = event(all);
    }
    assertEquals("failed", failed.getString("event"));
    assertEquals("no luck", failed.getJsonObject("job").getString("result"));
    assertEquals("started", event(echoes).getString("event"));
    assertEquals("finished", event(echoes).getString("event"));
    assertNull(echoes.poll(300), "the fail job is not under jobs/default/echo");
  }

  @Test
  void a_subscriber_that_was_away_resumes_without_a_gap() {
    WsClient first = WsClient.connect(node.httpPort(), "/sub/jobs?envelope=1");
    enqueue("echo", "[1]");
    JsonObject envelope = new JsonObject(first.next().text());
    long offset = envelope.getLong("offset");
    String epoch = envelope.getString("epoch");
    first.close();

    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(enqueue("echo", "[" + i + "]"));
    }
    Job last = await(node.result(ids.get(ids.size() - 1)));
    assertEquals(JobState.FINISHED, last.state());

    WsClient back =
        WsClient.connect(
            node.httpPort(), "/sub/jobs?envelope=1&since=" + offset + "&epoch=" + epoch);
    long expected = offset + 1;
    int finished = 0;
    while (finished < 21) {
      JsonObject next = new JsonObject(back.next().text());
      assertEquals(expected++, next.getLong("offset"));
      if (new JsonObject(next.getString("data")).getString("event").equals("finished")) {
        finished++;
      }
    }
  }

  @Test
  void clients_cannot_publish_job_events() {
    var post = http.post("/pub/jobs/default/echo/1", "{\"event\":\"finished\"}");
    assertEquals(403, post.statusCode());
    assertTrue(new JsonObject(post.body()).getString("error").contains("job events"));
    assertEquals(403, http.get("/pub/jobs").statusCode());
    assertEquals(403, http.get("/bus/jobs/default").statusCode());
  }

  @Test
  void result_waits_for_the_outcome_and_knows_missing_jobs() {
    long id = await(node.enqueue(NewJob.of("sleep", 300)));
    Job job = await(node.result(id));
    assertEquals(JobState.FINISHED, job.state());
    assertNotNull(job.finished());
    // A job that ended before anyone waited answers at once.
    assertEquals(job.finished(), await(node.result(id)).finished());
    Throwable missing = io.taskbus.support.Await.failure(node.result(id + 1000));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }
}
