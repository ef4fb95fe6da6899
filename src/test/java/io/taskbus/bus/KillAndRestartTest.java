package io.taskbus.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.support.FaultReport;
import io.taskbus.support.Http;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.TestPostgres;
import io.taskbus.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 1 on the embedded store: a 2xx for a durable publish (or an enqueue) means stored. The
 * node is killed with SIGKILL right after the last answer and started again on the same file; a
 * resuming subscriber receives every acknowledged message, and every job is there.
 */
class KillAndRestartTest {
  @TempDir Path folder;

  NodeProcess node(int port, String store) {
    return new NodeProcess(
            folder,
            "--store",
            store,
            "--durable",
            "livesys",
            "--no-worker",
            "--port",
            Integer.toString(port),
            "--conf",
            "none")
        .awaitUp();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everything_acknowledged_before_a_kill_is_there_after_a_restart(String kind)
      throws IOException {
    String store =
        kind.equals("sqlite")
            ? "sqlite:" + folder.resolve("data/taskbus.db")
            : TestPostgres.freshDatabase();
    int port = NodeProcess.freePort();
    Http http = new Http(port);
    List<String> acked = new ArrayList<>();
    String epoch;
    long jobId;
    try (NodeProcess first = node(port, store)) {
      JsonObject job =
          new JsonObject(http.post("/api/jobs", "{\"task\":\"echo\",\"args\":[1]}").body());
      jobId = job.getLong("id");
      JsonObject ack = null;
      for (int i = 0; i < 300; i++) {
        HttpResponse<String> response = http.post("/pub/livesys/" + (i % 7), "m" + i);
        assertEquals(200, response.statusCode(), response.body());
        ack = new JsonObject(response.body());
        acked.add("m" + i);
      }
      epoch = ack.getString("epoch");
      first.kill();
    }
    try (NodeProcess second = node(port, store)) {
      WsClient sub = WsClient.connect(port, "/sub/livesys?since=0&epoch=" + epoch + "&envelope=1");
      List<String> delivered = new ArrayList<>();
      for (WsClient.Received r;
          delivered.size() < acked.size() && (r = sub.poll(10_000)) != null; ) {
        JsonObject message = new JsonObject(r.text());
        assertEquals(delivered.size() + 1, message.getLong("offset"));
        delivered.add(message.getString("data"));
      }
      FaultReport.record(
          "kill -9 of the only node (" + kind + "), restarted",
          null,
          FaultReport.counts(
              acked.size(),
              delivered.size(),
              acked.stream().filter(m -> !delivered.contains(m)).count(),
              delivered.size() - delivered.stream().distinct().count()));
      assertEquals(acked, delivered);
      JsonObject job = new JsonObject(http.get("/api/jobs/" + jobId).body());
      assertEquals("inactive", job.getString("state"), "the job waits for a worker");
      second.kill();
    }
  }
}
