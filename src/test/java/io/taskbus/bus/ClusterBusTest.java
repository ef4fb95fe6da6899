package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestCluster;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two clustered nodes: every pattern works across them; push/pull stays exactly-one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterBusTest {
  private final TestCluster cluster = new TestCluster();
  private Vertx vertxA;
  private Vertx vertxB;
  private Taskbus a;
  private Taskbus b;

  @BeforeAll
  void start() {
    vertxA = cluster.join();
    vertxB = cluster.join();
    a = Nodes.start(vertxA, Nodes.examples(), "sqlite::memory:", "worker.enabled", "false");
    b = Nodes.start(vertxB, Nodes.examples(), "sqlite::memory:", "worker.enabled", "false");
  }

  @AfterAll
  void stop() {
    await(a.close());
    await(b.close());
    await(vertxA.close());
    await(vertxB.close());
  }

  /** Subscriptions travel through Hazelcast; a probe message tells when one has arrived. */
  void untilReceives(WsClient client, int port, String postPath) {
    Http http = new Http(port);
    Await.until(
        () -> {
          http.post(postPath, "probe");
          return client.poll(100) != null;
        },
        20);
    while (client.poll(300) != null) {
      // drain further probes
    }
  }

  @Test
  void a_subscriber_on_one_node_receives_what_is_published_on_the_other() {
    WsClient sub = WsClient.connect(a.httpPort(), "/sub/facility");
    untilReceives(sub, b.httpPort(), "/pub/facility/probe");
    WsClient.connect(b.httpPort(), "/pub/facility/rack7").send("power cycle");
    assertEquals("power cycle", sub.next().text());
  }

  @Test
  void bus_peers_talk_across_nodes() {
    WsClient onA = WsClient.connect(a.httpPort(), "/bus/room");
    WsClient onB = WsClient.connect(b.httpPort(), "/bus/room");
    untilReceives(onA, b.httpPort(), "/bus/room");
    untilReceives(onB, a.httpPort(), "/bus/room");
    while (onA.poll(300) != null || onB.poll(100) != null) {
      // drain probes
    }
    onB.send("hello from b");
    assertEquals("hello from b", onA.next().text());
    assertNull(onB.poll(200));
  }

  @Test
  void each_push_reaches_exactly_one_puller_in_the_whole_cluster() {
    WsClient pullA = WsClient.connect(a.httpPort(), "/pull/work");
    WsClient pullB = WsClient.connect(b.httpPort(), "/pull/work");
    Http http = new Http(a.httpPort());
    // Wait until B's puller is known on A: a push from A reaches B.
    Await.until(
        () -> {
          http.post("/push/work", "probe");
          return pullB.poll(100) != null;
        },
        20);
    while (pullA.poll(300) != null || pullB.poll(100) != null) {
      // drain probes
    }
    WsClient pusher = WsClient.connect(a.httpPort(), "/push/work");
    for (int i = 0; i < 40; i++) {
      pusher.send("job " + i);
    }
    Set<String> received = new HashSet<>();
    int fromA = 0;
    int fromB = 0;
    for (WsClient.Received m; (m = pullA.poll(500)) != null; fromA++) {
      assertTrue(received.add(m.text()), "twice: " + m.text());
    }
    for (WsClient.Received m; (m = pullB.poll(500)) != null; fromB++) {
      assertTrue(received.add(m.text()), "twice: " + m.text());
    }
    assertEquals(40, received.size());
    assertTrue(fromA > 0 && fromB > 0, "both pullers got work: " + fromA + " and " + fromB);
  }

  @Test
  void a_push_waiting_on_one_node_goes_to_a_puller_that_connects_on_the_other() {
    Http http = new Http(a.httpPort());
    assertEquals(200, http.post("/push/later", "waited").statusCode());
    WsClient puller = WsClient.connect(b.httpPort(), "/pull/later");
    assertEquals("waited", puller.next().text());
  }
}
