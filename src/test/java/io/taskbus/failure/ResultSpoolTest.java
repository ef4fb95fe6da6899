package io.taskbus.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.support.Await;
import io.taskbus.support.FaultReport;
import io.taskbus.support.Http;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.TcpProxy;
import io.taskbus.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job finishes while its node cannot reach PostgreSQL; the node is then killed before the store
 * is back. The result waited in the node's spool file, and the restarted node writes it: the job is
 * finished with its result, ran once, and was not retried.
 */
class ResultSpoolTest {
  @TempDir Path folder;

  private static boolean holds(Path spool, long id) {
    try {
      return Files.exists(spool) && Files.readString(spool).contains("\"job\":" + id + ",");
    } catch (IOException e) {
      return false;
    }
  }

  private NodeProcess node(String store, int port) {
    return new NodeProcess(
            folder, "--store", store, "--port", Integer.toString(port), "--conf", "none")
        .awaitUp();
  }

  @Test
  void a_result_kept_through_an_outage_and_a_kill_is_written_once_after_a_restart()
      throws Exception {
    URI database = URI.create(TestPostgres.freshDatabase());
    Path spool = folder.resolve("data/spool/results.jsonl");
    try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort())) {
      String store = proxy.postgres(database);
      int port = NodeProcess.freePort();
      Http http = new Http(port);
      long id;
      try (NodeProcess node = node(store, port)) {
        var posted = http.post("/api/jobs", "{\"task\":\"sleep\",\"args\":[3000]}");
        assertEquals(201, posted.statusCode(), posted.body());
        id = new JsonObject(posted.body()).getLong("id");
        Await.until(
            () ->
                "active"
                    .equals(new JsonObject(http.get("/api/jobs/" + id).body()).getString("state")),
            20);
        proxy.cut();
        Await.until(() -> holds(spool, id), 30);
        node.kill();
      }
      proxy.restore();
      try (NodeProcess again = node(store, port)) {
        Await.until(
            () ->
                "finished"
                    .equals(new JsonObject(http.get("/api/jobs/" + id).body()).getString("state")),
            30);
        JsonObject job = new JsonObject(http.get("/api/jobs/" + id).body());
        assertEquals(3000, job.getInteger("result"));
        assertEquals(0, job.getInteger("retries"), "not retried");
        Await.until(() -> !Files.exists(spool), 10);
        List<String> events =
            new JsonObject(http.get("/api/audit?job=" + id).body())
                .getJsonArray("events").stream()
                    .map(e -> ((JsonObject) e).getString("event"))
                    .toList();
        long finished = events.stream().filter("finished"::equals).count();
        FaultReport.record(
            "result spooled in an outage, node killed",
            FaultReport.counts(1, finished, finished == 0 ? 1 : 0, finished > 1 ? 1 : 0),
            null);
        assertEquals(List.of("enqueued", "started", "finished"), events, "ran once");
        assertTrue(again.output().contains("kept in"), "the restarted node replayed the spool");
      }
    }
  }
}
