package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestCluster;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus node in another JVM is killed with SIGKILL: clients of the surviving node carry on, the
 * dead node's clients reconnect to the survivor, and a push made after the kill is not lost.
 */
class KilledNodeTest {
  @TempDir Path folder;

  @Test
  void clients_carry_on_when_a_node_is_killed() throws IOException {
    TestCluster cluster = new TestCluster();
    Files.writeString(folder.resolve("cluster.xml"), cluster.xml());
    Files.writeString(
        folder.resolve("taskbus.properties"),
        "cluster.config=" + folder.resolve("cluster.xml") + "\n");
    int port = NodeProcess.freePort();
    Vertx vertx = cluster.join();
    Taskbus survivor =
        Nodes.start(vertx, Nodes.examples(), "sqlite::memory:", "worker.enabled", "false");
    try (NodeProcess doomed =
        new NodeProcess(
            folder,
            "--cluster",
            "--conf",
            folder.resolve("taskbus.properties").toString(),
            "--port",
            Integer.toString(port),
            "--store",
            "sqlite::memory:",
            "--no-worker")) {
      doomed.awaitUp();
      Http onSurvivor = new Http(survivor.httpPort());
      WsClient subscriber = WsClient.connect(survivor.httpPort(), "/sub/fleet");
      WsClient doomedClient = WsClient.connect(port, "/sub/fleet");
      Http onDoomed = new Http(port);
      Await.until(
          () -> {
            onDoomed.post("/pub/fleet", "probe");
            return subscriber.poll(100) != null;
          },
          60);

      doomed.kill();
      assertNotEquals(1000, doomedClient.closeCode(), "the dead node's client lost its link");
      assertEquals(200, onSurvivor.post("/pub/fleet/a", "after the kill").statusCode());
      WsClient.Received next;
      do {
        next = subscriber.next();
      } while (next.text().equals("probe"));
      assertEquals("after the kill", next.text());

      WsClient reconnected = WsClient.connect(survivor.httpPort(), "/sub/fleet");
      onSurvivor.post("/pub/fleet", "to the reconnected");
      assertEquals("to the reconnected", reconnected.next().text());

      assertEquals(200, onSurvivor.post("/push/orders", "not lost").statusCode());
      WsClient puller = WsClient.connect(survivor.httpPort(), "/pull/orders");
      assertEquals("not lost", puller.next().text());
    } finally {
      await(survivor.close());
      await(vertx.close());
    }
  }
}
