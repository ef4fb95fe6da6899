package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.Taskbus;
import io.taskbus.support.Http;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestPostgres;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A durable message whose live copy never reaches a subscriber's node, and after which nothing is
 * published, still arrives: here the two nodes share PostgreSQL but no cluster, so node B learns of
 * A's message only from the store.
 */
class LostLiveMessageTest {
  @Test
  void a_stored_message_reaches_a_subscriber_whose_node_never_saw_it_live() {
    String database = TestPostgres.freshDatabase();
    Vertx vertxA = Vertx.vertx();
    Vertx vertxB = Vertx.vertx();
    String[] settings = {"worker.enabled", "false", "bus.durable", "livesys"};
    Taskbus a = Nodes.start(vertxA, Nodes.examples(), database, settings);
    Taskbus b = Nodes.start(vertxB, Nodes.examples(), database, settings);
    try {
      WsClient subscriber = WsClient.connect(b.httpPort(), "/sub/livesys?envelope=1");
      var posted = new Http(a.httpPort()).post("/pub/livesys/x", "only on A");
      assertEquals(200, posted.statusCode(), posted.body());
      JsonObject received = new JsonObject(subscriber.next().text());
      assertEquals("only on A", received.getString("data"));
      assertEquals(new JsonObject(posted.body()).getLong("offset"), received.getLong("offset"));
      new Http(b.httpPort()).post("/pub/livesys/x", "then on B");
      assertEquals("then on B", new JsonObject(subscriber.next().text()).getString("data"));
    } finally {
      await(a.close());
      await(b.close());
      await(vertxA.close());
      await(vertxB.close());
    }
  }
}
