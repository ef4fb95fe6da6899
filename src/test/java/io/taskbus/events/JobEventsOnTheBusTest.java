package io.taskbus.events;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.audit.AuditQuery;
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

  @Test
  void events_match_the_schema_the_node_serves() {
    var served = http.get("/schemas/job-event.json");
    assertEquals(200, served.statusCode());
    JobEventSchema schema = new JobEventSchema(served.body());
    WsClient all = WsClient.connect(node.httpPort(), "/sub/jobs");
    enqueue("echo", "[{\"deep\":[1,2]}]");
    enqueue("fail", "[\"why\"]");
    for (int i = 0; i < 6; i++) {
      schema.assertValid(event(all));
    }
    JsonObject broken = new JsonObject().put("event", "exploded").put("at", "now");
    assertTrue(!schema.valid(broken), "the schema refuses what is not an event");
  }

  @Test
  void the_audit_api_keeps_a_purged_jobs_history() {
    Vertx other = Vertx.vertx();
    Taskbus purging =
        Nodes.start(
            other,
            Nodes.examples(),
            "sqlite:" + folder.resolve("purging.db"),
            "repair.remove-after",
            "0.001");
    try {
      Http api = new Http(purging.httpPort());
      long id = await(purging.enqueue(NewJob.of("echo", 7)));
      await(purging.result(id));
      assertEquals(200, api.post("/api/repair", "").statusCode());
      assertEquals(404, api.get("/api/jobs/" + id).statusCode(), "the job was purged");

      var audit = api.get("/api/audit?job=" + id);
      assertEquals(200, audit.statusCode(), audit.body());
      JsonObject page = new JsonObject(audit.body());
      List<String> events =
          page.getJsonArray("events").stream()
              .map(e -> ((JsonObject) e).getString("event"))
              .toList();
      assertEquals(List.of("enqueued", "started", "finished", "purged"), events);
      assertNull(page.getValue("next"));

      var bad = api.get("/api/audit?job=x");
      assertEquals(400, bad.statusCode());
      assertEquals("job", new JsonObject(bad.body()).getString("field"));
      assertEquals(400, api.get("/api/audit?since=yesterday").statusCode());
      assertEquals(400, api.get("/api/audit?state=done").statusCode());
      assertEquals(400, api.get("/api/audit?colour=red").statusCode());
    } finally {
      await(purging.close());
      await(other.close());
    }
  }

  @Test
  void the_audit_log_keeps_events_for_audit_max_age() {
    Vertx other = Vertx.vertx();
    Taskbus forgetful =
        Nodes.start(
            other,
            Nodes.examples(),
            "sqlite:" + folder.resolve("forgetful.db"),
            "audit.max-age",
            "1");
    try {
      long id = await(forgetful.enqueue(NewJob.of("echo", 1)));
      await(forgetful.result(id));
      assertEquals(3, await(forgetful.audit().events(AuditQuery.ofJob(id))).events().size());
      io.taskbus.support.Await.until(
          () -> await(forgetful.audit().events(AuditQuery.ofJob(id))).events().isEmpty(), 10);
    } finally {
      await(forgetful.close());
      await(other.close());
    }
  }

  @Test
  void the_result_api_waits_for_the_outcome() {
    long quick = enqueue("sleep", "[200]");
    var done = http.get("/api/jobs/" + quick + "/result?timeout=30");
    assertEquals(200, done.statusCode(), done.body());
    assertEquals("finished", new JsonObject(done.body()).getString("state"));

    long slow = enqueue("sleep", "[5000]");
    var pending = http.get("/api/jobs/" + slow + "/result?timeout=0");
    assertEquals(202, pending.statusCode(), pending.body());
    assertTrue(
        List.of("inactive", "active").contains(new JsonObject(pending.body()).getString("state")));

    assertEquals(404, http.get("/api/jobs/999999/result").statusCode());
    assertEquals(400, http.get("/api/jobs/" + slow + "/result?timeout=9999").statusCode());
  }
}
