package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.TestNode;
import io.taskbus.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Durable push/pull: stored until a puller takes it, redelivered until acknowledged. */
class DurablePushTest {
  private TestNode node;
  private Taskbus taskbus;
  private int port;
  private Http http;

  @BeforeEach
  void start() {
    node =
        TestNode.bus(
            "bus.durable", "work", "bus.push.ack-timeout", "0.5", "bus.push.max-deliveries", "2");
    taskbus = node.taskbus();
    port = node.port();
    http = node.http();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  long waiting(String topic) {
    return await(taskbus.bus().pushes().waiting(topic));
  }

  long push(String topic, String body) {
    HttpResponse<String> response = http.post("/push/" + topic, body);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body()).getLong("id");
  }

  @Test
  void a_push_waits_in_the_store_until_a_puller_takes_it() {
    push("work/a", "m1");
    assertEquals(1, waiting("work/a"));
    WsClient puller = WsClient.connect(port, "/pull/work/a");
    assertEquals("m1", puller.next().text());
    Await.until(() -> waiting("work/a") == 0, 10);
  }

  @Test
  void an_unacknowledged_message_goes_to_the_next_puller_when_its_puller_leaves() {
    long id = push("work/b", "task");
    WsClient first = WsClient.connect(port, "/pull/work/b?ack=1");
    JsonObject got = new JsonObject(first.next().text());
    assertEquals(id, got.getLong("id"));
    assertEquals(1, got.getInteger("deliveries"));
    first.abort();
    WsClient second = WsClient.connect(port, "/pull/work/b?ack=1");
    JsonObject again = new JsonObject(second.next().text());
    assertEquals(id, again.getLong("id"));
    assertEquals("task", again.getString("data"));
    second.send(new JsonObject().put("ack", id).encode());
    Await.until(() -> waiting("work/b") == 0, 10);
    assertEquals(null, second.poll(1200), "an acknowledged message is not sent again");
  }

  @Test
  void a_message_never_acknowledged_is_redelivered_then_moved_to_the_dead_letter_topic() {
    push("work/c", "poison");
    WsClient puller = WsClient.connect(port, "/pull/work/c?ack=1");
    assertEquals(1, new JsonObject(puller.next().text()).getInteger("deliveries"));
    assertEquals(
        2, new JsonObject(puller.next().text()).getInteger("deliveries"), "after the ack timeout");
    WsClient dead = WsClient.connect(port, "/pull/work/c/dead-letter");
    assertEquals("poison", dead.next().text());
    Await.until(() -> waiting("work/c") == 0, 10);
  }

  @Test
  void each_push_reaches_one_puller() {
    WsClient a = WsClient.connect(port, "/pull/work/d");
    WsClient b = WsClient.connect(port, "/pull/work/d");
    WsClient pusher = WsClient.connect(port, "/push/work/d?ack=1");
    for (int i = 0; i < 40; i++) {
      pusher.send("n" + i);
    }
    Set<String> got = new HashSet<>();
    int total = 0;
    for (WsClient puller : new WsClient[] {a, b}) {
      for (WsClient.Received m; (m = puller.poll(700)) != null; total++) {
        assertTrue(got.add(m.text()), "twice: " + m.text());
      }
    }
    assertEquals(40, total);
    Await.until(() -> waiting("work/d") == 0, 10);
  }
}
