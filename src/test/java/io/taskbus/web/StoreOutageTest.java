package io.taskbus.web;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.taskbus.support.TcpProxy;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With PostgreSQL unreachable the API answers 503 with Retry-After, and recovers by itself. */
class StoreOutageTest {
  @Test
  void requests_get_503_while_the_store_is_unreachable_and_work_again_after() throws Exception {
    URI database = URI.create(TestPostgres.freshDatabase());
    try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort())) {
      String store = proxy.postgres(database);
      Vertx vertx = Vertx.vertx();
      Taskbus taskbus = Nodes.start(vertx, Nodes.examples(), store, "worker.enabled", "false");
      Http http = new Http(taskbus.httpPort());
      try {
        assertEquals(201, http.post("/api/jobs", "{\"task\":\"echo\"}").statusCode());
        proxy.cut();
        HttpResponse<String> refused = http.post("/api/jobs", "{\"task\":\"echo\"}");
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));
        assertTrue(
            new JsonObject(refused.body())
                .getString("error")
                .startsWith("the job store is unavailable"));
        assertEquals(503, http.get("/api/stats").statusCode());
        assertEquals(503, http.get("/api/audit?job=1").statusCode());
        proxy.restore();
        Await.until(() -> http.post("/api/jobs", "{\"task\":\"echo\"}").statusCode() == 201, 30);
        JsonObject stats = new JsonObject(http.get("/api/stats").body());
        assertEquals(2, stats.getInteger("inactive_jobs"), "the refused job was not stored");
      } finally {
        await(taskbus.close());
        await(vertx.close());
      }
    }
  }
}
