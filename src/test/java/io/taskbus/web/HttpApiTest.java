package io.taskbus.web;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API with a real client: every answer is JSON, bad input changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {
  private Vertx vertx;
  private Taskbus taskbus;
  private Http http;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    taskbus =
        Nodes.start(vertx, Nodes.examples(), "sqlite::memory:", "http.max-body-bytes", "4096");
    http = new Http(taskbus.httpPort());
  }

  @AfterAll
  void stop() {
    await(taskbus.close());
    await(vertx.close());
  }

  JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  long enqueued() {
    return await(taskbus.store().stats()).enqueuedJobs();
  }

  @Test
  void enqueue_answers_201_with_the_id_and_the_job_can_be_read_back() {
    HttpResponse<String> created =
        http.post(
            "/api/jobs",
            "{\"task\":\"echo\",\"args\":[1,\"ü\"],\"queue\":\"default\",\"priority\":5,"
                + "\"attempts\":3,\"notes\":{\"by\":\"test\"}}");
    assertEquals(201, created.statusCode(), created.body());
    long id = json(created).getLong("id");
    Await.until(() -> json(http.get("/api/jobs/" + id)).getString("state").equals("finished"), 20);
    JsonObject job = json(http.get("/api/jobs/" + id));
    assertEquals("[1,\"ü\"]", job.getJsonArray("args").encode());
    assertEquals(5, job.getInteger("priority"));
    assertEquals("test", job.getJsonObject("notes").getString("by"));
    assertEquals(job.getJsonArray("args"), job.getJsonArray("result"));
  }

  @Test
  void a_batch_is_enqueued_in_one_request() {
    HttpResponse<String> created =
        http.post(
            "/api/jobs", "{\"jobs\":[{\"task\":\"echo\"},{\"task\":\"sleep\",\"args\":[1]}]}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(2, json(created).getJsonArray("ids").size());
  }

  @ParameterizedTest(name = "{0} → {1} on {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"task\":\"echo\",\"priority\":\"high\"}|priority must be an integer between -2147483648 and 2147483647, got \"high\"|priority",
        "{\"args\":[]}|task is required: the name of the task to run|task",
        "{\"task\":\"\"}|task must be a non-empty string of at most 1000 characters, got \"\"|task",
        "{\"task\":\"echo\",\"args\":{\"a\":1}}|args must be a JSON array, got {\"a\":1}|args",
        "{\"task\":\"echo\",\"delay\":-1}|delay must be a non-negative number of seconds (at most ten years), got -1|delay",
        "{\"task\":\"echo\",\"attempts\":0}|attempts must be an integer between 1 and 2147483647, got 0|attempts",
        "{\"task\":\"echo\",\"parents\":[\"x\"]}|parents must be an array of job ids (positive integers), got [\"x\"]|parents",
        "{\"task\":\"echo\",\"lax\":1}|lax must be true or false, got 1|lax",
        "{\"task\":\"echo\",\"notes\":[]}|notes must be a JSON object, got []|notes",
        "{\"task\":\"echo\",\"expire\":0}|expire must be a positive number of seconds (at most ten years), got 0|expire",
        "{\"jobs\":[{\"task\":\"echo\"},{\"task\":\"echo\",\"queue\":5}]}|jobs[1].queue must be a non-empty string of at most 1000 characters, got 5|jobs[1].queue",
      })
  void bad_input_gets_400_naming_the_field_and_stores_nothing(
      String body, String message, String field) {
    long before = enqueued();
    HttpResponse<String> response = http.post("/api/jobs", body);
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(message, json(response).getString("error"));
    assertEquals(field, json(response).getString("field"));
    assertEquals(before, enqueued());
  }

  @Test
  void unknown_fields_and_malformed_json_are_rejected() {
    HttpResponse<String> unknown = http.post("/api/jobs", "{\"task\":\"echo\",\"prio\":1}");
    assertEquals(400, unknown.statusCode());
    assertTrue(json(unknown).getString("error").startsWith("unknown field \"prio\"; accepted:"));
    HttpResponse<String> malformed = http.post("/api/jobs", "{\"task\":");
    assertEquals(400, malformed.statusCode());
    assertTrue(json(malformed).getString("error").startsWith("the body is not valid JSON"));
    HttpResponse<String> unclosed =
        http.post("/api/jobs", "{\"task\": \"echo\",\n \"args\": [1, 2");
    assertEquals(400, unclosed.statusCode());
    assertEquals(
        "the body is not valid JSON at line 2, column 15: Unexpected end-of-input: expected close"
            + " marker for Array (opened at line 2, column 10)",
        json(unclosed).getString("error"));
    assertFalse(json(unclosed).containsKey("field"), "the whole body is at fault, not a field");
    HttpResponse<String> scalar = http.post("/api/jobs", "42");
    assertEquals(400, scalar.statusCode());
  }

  @Test
  void oversize_bodies_get_413_with_a_json_error() {
    String big = "{\"task\":\"echo\",\"args\":[\"" + "x".repeat(5000) + "\"]}";
    HttpResponse<String> response = http.post("/api/jobs", big);
    assertEquals(413, response.statusCode());
    assertTrue(json(response).getString("error").contains("http.max-body-bytes"));
  }

  @Test
  void unknown_jobs_get_404_and_bad_ids_400() {
    assertEquals(404, http.get("/api/jobs/999999").statusCode());
    assertEquals(400, http.get("/api/jobs/abc").statusCode());
    assertEquals(404, http.send("DELETE", "/api/jobs/999999", null).statusCode());
    assertEquals(404, http.get("/api/nothing-here").statusCode());
  }

  @Test
  void jobs_can_be_listed_retried_noted_and_removed() {
    long id = json(http.post("/api/jobs", "{\"task\":\"fail\",\"args\":[\"no\"]}")).getLong("id");
    Await.until(() -> json(http.get("/api/jobs/" + id)).getString("state").equals("failed"), 20);
    JsonObject page = json(http.get("/api/jobs?state=failed&task=fail&limit=5"));
    assertEquals(1, page.getLong("total"));
    assertEquals(400, http.get("/api/jobs?state=broken").statusCode());
    assertEquals(400, http.get("/api/jobs?colour=red").statusCode());
    HttpResponse<String> noted =
        http.send("PATCH", "/api/jobs/" + id + "/notes", "{\"reason\":\"disk\"}");
    assertEquals(200, noted.statusCode(), noted.body());
    HttpResponse<String> retried =
        http.post("/api/jobs/" + id + "/retry", "{\"queue\":\"nowhere\",\"delay\":60}");
    assertEquals(200, retried.statusCode(), retried.body());
    JsonObject job = json(http.get("/api/jobs/" + id));
    assertEquals("inactive", job.getString("state"));
    assertEquals("nowhere", job.getString("queue"));
    assertEquals("disk", job.getJsonObject("notes").getString("reason"));
    assertEquals(409, http.post("/api/jobs/" + id + "/retry", "{\"retries\":0}").statusCode());
    assertEquals(204, http.send("DELETE", "/api/jobs/" + id, null).statusCode());
    assertEquals(404, http.get("/api/jobs/" + id).statusCode());
  }

  @Test
  void stats_history_workers_locks_and_commands_answer_json() {
    JsonObject stats = json(http.get("/api/stats"));
    assertTrue(stats.containsKey("finished_jobs"));
    assertEquals(24, json(http.get("/api/history")).getJsonArray("history").size());
    JsonObject workers = json(http.get("/api/workers"));
    assertEquals(1, workers.getJsonArray("workers").size());
    assertTrue(
        json(http.post("/api/locks/backup", "{\"duration\":60,\"limit\":1}"))
            .getBoolean("acquired"));
    assertTrue(!json(http.post("/api/locks/backup", "{\"duration\":60}")).getBoolean("acquired"));
    assertTrue(json(http.send("DELETE", "/api/locks/backup", null)).getBoolean("released"));
    assertEquals(400, http.post("/api/locks/backup", "{\"limit\":0}").statusCode());
    long worker = taskbus.workerId();
    assertEquals(
        202,
        http.post("/api/workers/" + worker + "/commands", "{\"command\":\"jobs\",\"args\":[8]}")
            .statusCode());
    HttpResponse<String> bad =
        http.post("/api/workers/" + worker + "/commands", "{\"command\":\"explode\"}");
    assertEquals(400, bad.statusCode());
    assertEquals(
        "command must be one of jobs, kill, pause, resume, stop, got explode",
        json(bad).getString("error"));
    assertEquals(
        404, http.post("/api/workers/424242/commands", "{\"command\":\"pause\"}").statusCode());
    assertEquals(200, http.post("/api/repair", null).statusCode());
    assertEquals(200, http.post("/api/repair", "{}").statusCode());
    HttpResponse<String> malformed = http.post("/api/repair", "{bad");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertTrue(json(malformed).getString("error").contains("JSON"), malformed.body());
  }
}
