package io.taskbus.events;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestCluster;
import io.taskbus.support.TestPostgres;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes over one PostgreSQL, both running jobs: an application enqueues 1,000 jobs
 * through node A's HTTP API, and a subscriber on node B sees each job enqueued, started and
 * finished, with the whole record, in order, none missing, none twice.
 */
class JobEventsClusterTest {
  private static final int JOBS = 1000;

  @Test
  void a_subscriber_on_one_node_sees_every_change_made_through_the_other() throws Exception {
    TestCluster cluster = new TestCluster();
    String database = TestPostgres.freshDatabase();
    Vertx vertxA = cluster.join();
    Vertx vertxB = cluster.join();
    Taskbus a = Nodes.start(vertxA, Nodes.examples(), database, "node.name", "a");
    Taskbus b = Nodes.start(vertxB, Nodes.examples(), database, "node.name", "b");
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      WsClient subscriber = WsClient.connect(b.httpPort(), "/sub/jobs?envelope=1");
      Http http = new Http(a.httpPort());
      JobEventSchema schema = new JobEventSchema(http.get("/schemas/job-event.json").body());
      List<Future<Long>> posted = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        String body = "{\"task\":\"echo\",\"args\":[" + i + "]}";
        posted.add(
            clients.submit(
                () -> {
                  var response = http.post("/api/jobs", body);
                  assertEquals(201, response.statusCode(), response.body());
                  return new JsonObject(response.body()).getLong("id");
                }));
      }
      Map<Long, List<String>> history = new HashMap<>();
      for (Future<Long> id : posted) {
        history.put(id.get(), new ArrayList<>());
      }

      Map<String, Integer> byNode = new HashMap<>();
      long lastOffset = 0;
      int finished = 0;
      while (finished < JOBS) {
        JsonObject envelope = new JsonObject(subscriber.next().text());
        long offset = envelope.getLong("offset");
        assertTrue(offset > lastOffset, "offsets increase: " + offset + " after " + lastOffset);
        lastOffset = offset;
        JsonObject event = new JsonObject(envelope.getString("data"));
        schema.assertValid(event);
        JsonObject job = event.getJsonObject("job");
        long id = job.getLong("id");
        assertEquals("jobs/default/echo/" + id, envelope.getString("topic"));
        List<String> seen = history.get(id);
        assertTrue(seen != null, "an event for a job nobody enqueued: " + id);
        String name = event.getString("event");
        seen.add(name);
        byNode.merge(event.getString("node"), 1, Integer::sum);
        if (name.equals("finished")) {
          finished++;
          assertEquals("finished", job.getString("state"));
          assertEquals(job.getJsonArray("args"), job.getJsonArray("result"));
        }
      }
      for (Map.Entry<Long, List<String>> each : history.entrySet()) {
        assertEquals(
            List.of("enqueued", "started", "finished"), each.getValue(), "job " + each.getKey());
      }
      assertEquals(3 * JOBS, byNode.values().stream().mapToInt(Integer::intValue).sum());
      System.out.printf("job events by node: %s%n", byNode);
    } finally {
      clients.shutdownNow();
      await(a.close());
      await(b.close());
      await(vertxA.close());
      await(vertxB.close());
    }
  }
}
