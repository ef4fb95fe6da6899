package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.FaultReport;
import io.taskbus.support.Http;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestCluster;
import io.taskbus.support.TestPostgres;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable-stream invariant: 3 publishers on 2 nodes over one PostgreSQL send 10,000 messages;
 * one node is killed with SIGKILL midway and started again; a subscriber disconnects and resumes at
 * random points. Every acknowledged message arrives exactly once, in offset order.
 */
class DurableFailoverTest {
  static final int MESSAGES = 10_000;
  @TempDir Path folder;

  NodeProcess startOther(String store, int port) {
    return new NodeProcess(
            folder,
            "--cluster",
            "--conf",
            folder.resolve("taskbus.properties").toString(),
            "--port",
            Integer.toString(port),
            "--store",
            store,
            "--durable",
            "livesys",
            "--no-worker")
        .awaitUp();
  }

  @Test
  void acknowledged_messages_survive_a_killed_node_and_resuming_subscribers_get_each_once()
      throws Exception {
    String store = TestPostgres.freshDatabase();
    TestCluster cluster = new TestCluster();
    Files.writeString(folder.resolve("cluster.xml"), cluster.xml());
    Files.writeString(
        folder.resolve("taskbus.properties"),
        "cluster.config=" + folder.resolve("cluster.xml") + "\n");
    Vertx vertx = cluster.join();
    Taskbus a =
        Nodes.start(
            vertx, Nodes.examples(), store, "worker.enabled", "false", "bus.durable", "livesys");
    int portB = NodeProcess.freePort();
    AtomicReference<NodeProcess> b = new AtomicReference<>(startOther(store, portB));
    Map<String, Long> acked = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<String> epoch = new AtomicReference<>();
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    int[] ports = {a.httpPort(), a.httpPort(), portB};
    for (int p = 0; p < 3; p++) {
      int publisher = p;
      publishers.add(
          CompletableFuture.runAsync(
              () -> {
                Http http = new Http(ports[publisher]);
                for (int i; (i = sent.getAndIncrement()) < MESSAGES; ) {
                  String body = publisher + ":" + i;
                  try {
                    HttpResponse<String> response = http.post("/pub/livesys/p" + publisher, body);
                    if (response.statusCode() == 200) {
                      JsonObject ack = new JsonObject(response.body());
                      acked.put(body, ack.getLong("offset"));
                      epoch.compareAndSet(null, ack.getString("epoch"));
                    }
                  } catch (RuntimeException nodeDown) {
                    // Not acknowledged: nothing is promised for this one (it may or may not be
                    // stored). Wait for the node to come back, as a client would.
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  }
                }
              }));
    }
    // Kill node B midway, then start it again on the same port.
    CompletableFuture<Void> chaos =
        CompletableFuture.runAsync(
            () -> {
              while (sent.get() < MESSAGES / 2) {
                Thread.onSpinWait();
              }
              b.get().kill();
              b.set(startOther(store, portB));
            });

    List<Long> offsets = new ArrayList<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    long last = 0;
    while (epoch.get() == null) {
      Thread.sleep(10);
    }
    boolean publishing = true;
    while (publishing || last < maxOffset(acked)) {
      publishing = publishers.stream().anyMatch(f -> !f.isDone()) || !chaos.isDone();
      WsClient sub =
          WsClient.connect(
              a.httpPort(), "/sub/livesys?since=" + last + "&epoch=" + epoch.get() + "&envelope=1");
      int take = 1 + ThreadLocalRandom.current().nextInt(2000);
      for (int i = 0; i < take; i++) {
        WsClient.Received received = sub.poll(publishing ? 2000 : 500);
        if (received == null) {
          break;
        }
        JsonObject message = new JsonObject(received.text());
        assertEquals(last + 1, message.getLong("offset"), "in order, no gap, no repeat");
        last = message.getLong("offset");
        offsets.add(last);
        assertTrue(seen.add(message.getString("data")), "twice: " + message.getString("data"));
      }
      sub.abort();
    }
    CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).join();
    chaos.join();
    try {
      long lost = acked.keySet().stream().filter(m -> !seen.contains(m)).count();
      FaultReport.record(
          "kill -9 of a bus node, durable subscriber",
          null,
          FaultReport.counts(acked.size(), seen.size(), lost, offsets.size() - seen.size()));
      for (Map.Entry<String, Long> ack : acked.entrySet()) {
        assertTrue(seen.contains(ack.getKey()), "acknowledged but never delivered: " + ack);
      }
      assertTrue(acked.size() > MESSAGES * 0.9, "most messages were acknowledged: " + acked.size());
      System.out.printf(
          "durable failover: %d sent, %d acknowledged, %d delivered, 0 lost, 0 twice%n",
          MESSAGES, acked.size(), seen.size());
    } finally {
      b.get().kill();
      await(a.close());
      await(vertx.close());
    }
  }

  static long maxOffset(Map<String, Long> acked) {
    return acked.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
