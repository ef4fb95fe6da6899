package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Http;
import io.taskbus.support.TestNode;
import io.taskbus.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Durable topics: stored before acknowledged, resumed exactly once and in order. */
class DurableBusTest {
  private TestNode node;
  private Taskbus taskbus;
  private int port;
  private Http http;

  @BeforeEach
  void start() {
    node = TestNode.bus("bus.durable", "livesys, audit", "bus.durable.max-count", "1000");
    taskbus = node.taskbus();
    port = node.port();
    http = node.http();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  JsonObject post(String topic, String body) {
    HttpResponse<String> response = http.post("/pub/" + topic, body);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  static JsonObject envelope(WsClient client) {
    return new JsonObject(client.next().text());
  }

  @Test
  void a_durable_post_answers_its_offset_and_a_subscriber_replays_then_continues_live() {
    JsonObject first = post("livesys/1", "one");
    assertEquals(1, first.getLong("offset"));
    String epoch = first.getString("epoch");
    post("livesys/2", "two");
    WsClient sub = WsClient.connect(port, "/sub/livesys?since=0&epoch=" + epoch + "&envelope=1");
    JsonObject one = envelope(sub);
    assertEquals(1, one.getLong("offset"));
    assertEquals("livesys/1", one.getString("topic"));
    assertEquals(epoch, one.getString("epoch"));
    assertEquals("one", one.getString("data"));
    assertTrue(one.getString("time").endsWith("Z"));
    assertEquals(2, envelope(sub).getLong("offset"));
    post("livesys/3", "three");
    assertEquals("three", envelope(sub).getString("data"));
  }

  @Test
  void a_subscriber_that_was_away_resumes_without_gap_or_duplicate() {
    String epoch = post("livesys/a", "m1").getString("epoch");
    WsClient sub = WsClient.connect(port, "/sub/livesys?since=0&epoch=" + epoch + "&envelope=1");
    assertEquals(1, envelope(sub).getLong("offset"));
    sub.close();
    for (int i = 2; i <= 6; i++) {
      post("livesys/a", "m" + i);
    }
    WsClient back = WsClient.connect(port, "/sub/livesys?since=1&epoch=" + epoch + "&envelope=1");
    for (long expected = 2; expected <= 6; expected++) {
      assertEquals(expected, envelope(back).getLong("offset"));
    }
    post("livesys/a", "m7");
    assertEquals(7, envelope(back).getLong("offset"));
    assertEquals(null, back.poll(200));
  }

  @Test
  void a_narrow_subscriber_gets_only_its_topics_in_offset_order() {
    String epoch = post("livesys/a/1", "a1").getString("epoch");
    post("livesys/b/1", "b1");
    post("livesys/a/2", "a2");
    WsClient sub = WsClient.connect(port, "/sub/livesys/a?since=0&epoch=" + epoch);
    assertEquals("a1", sub.next().text(), "plain subscribers get bare payloads");
    assertEquals("a2", sub.next().text());
    post("livesys/b/2", "b2");
    post("livesys/a/3", "a3");
    assertEquals("a3", sub.next().text());
  }

  @Test
  void an_impossible_resume_is_refused_plainly() {
    post("livesys/x", "1");
    WsClient wrongEpoch = WsClient.connect(port, "/sub/livesys?since=1&epoch=nope");
    assertEquals(4010, wrongEpoch.closeCode());
    assertTrue(
        wrongEpoch.closeReason().startsWith("not recovered: epoch "), wrongEpoch.closeReason());
    WsClient ahead = WsClient.connect(port, "/sub/livesys?since=99&epoch=nope");
    assertEquals(4010, ahead.closeCode());
    assertEquals(400, http.get("/sub/livesys?since=-1").statusCode());
  }

  @Test
  void a_resume_on_a_stream_without_messages_says_so() {
    // The jobs stream exists from the start; this node has not changed a job yet.
    WsClient early = WsClient.connect(port, "/sub/jobs?since=5&epoch=nope");
    assertEquals(4010, early.closeCode());
    assertTrue(
        early.closeReason().contains("holds no messages (the next will be offset 1)"),
        early.closeReason());
  }

  @Test
  void a_trimmed_history_is_not_replayed_partially() {
    String epoch = post("audit/x", "0").getString("epoch");
    for (int i = 1; i < 1100; i++) {
      post("audit/x", Integer.toString(i));
    }
    await(taskbus.bus().trim());
    WsClient old = WsClient.connect(port, "/sub/audit?since=0&epoch=" + epoch);
    assertEquals(4010, old.closeCode());
    assertTrue(old.closeReason().contains("holds offsets 101..1100"), old.closeReason());
    WsClient recent = WsClient.connect(port, "/sub/audit?since=1099&epoch=" + epoch);
    assertEquals("1099", recent.next().text());
  }

  @Test
  void websocket_publishers_can_ask_for_acks_and_ephemeral_topics_are_unchanged() {
    WsClient pub = WsClient.connect(port, "/pub/livesys/ws?ack=1");
    pub.send("hello");
    JsonObject ack = new JsonObject(pub.next().text());
    assertEquals(1, ack.getLong("ack"));
    HttpResponse<String> plain = http.post("/pub/other", "x");
    assertEquals(200, plain.statusCode());
    assertEquals("", plain.body(), "ephemeral POSTs keep Mercury's empty body");
  }

  @Test
  void three_concurrent_publishers_and_a_subscriber_resuming_at_random_points_lose_nothing() {
    String epoch = post("livesys/start", "s").getString("epoch");
    int each = 200;
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int publisher = p;
      publishers.add(
          CompletableFuture.runAsync(
              () -> {
                WsClient pub = WsClient.connect(port, "/pub/livesys/p" + publisher + "?ack=1");
                for (int i = 0; i < each; i++) {
                  pub.send(publisher + ":" + i);
                }
                for (int i = 0; i < each; i++) {
                  pub.next();
                }
              }));
    }
    long last = 0;
    List<String> received = new ArrayList<>();
    int total = 1 + 3 * each;
    while (last < total) {
      WsClient sub =
          WsClient.connect(port, "/sub/livesys?since=" + last + "&epoch=" + epoch + "&envelope=1");
      int take = 1 + (int) (Math.random() * 150);
      for (int i = 0; i < take && last < total; i++) {
        JsonObject message = envelope(sub);
        assertEquals(last + 1, message.getLong("offset"), "in order, no gap, no repeat");
        last = message.getLong("offset");
        received.add(message.getString("data"));
      }
      sub.abort();
    }
    publishers.forEach(CompletableFuture::join);
    assertEquals(total, received.size());
    assertEquals(total, received.stream().distinct().count());
  }

  @Test
  void bus_peers_on_a_durable_topic_resume_too_and_stay_apart_from_pub() {
    post("livesys/room", "from pub");
    HttpResponse<String> posted = http.post("/bus/livesys/room", "b1");
    assertEquals(200, posted.statusCode(), posted.body());
    JsonObject stored = new JsonObject(posted.body());
    assertEquals(1, stored.getLong("offset"), "peers have a stream of their own");
    String epoch = stored.getString("epoch");
    WsClient a = WsClient.connect(port, "/bus/livesys/room?since=0&epoch=" + epoch);
    assertEquals("b1", a.next().text());
    WsClient sub = WsClient.connect(port, "/sub/livesys/room");
    WsClient b = WsClient.connect(port, "/bus/livesys/room");
    b.send("b2");
    assertEquals("b2", a.next().text());
    assertEquals(null, b.poll(300), "no echo of its own message");
    assertEquals(null, sub.poll(100), "/bus never reaches /sub");
  }

  @Test
  void a_peer_that_sends_right_after_connecting_gets_no_echo_of_it() {
    // The message may be stored before the new peer's subscription has started, and then reach it
    // from the store rather than live: it is still its own.
    WsClient watcher = WsClient.connect(port, "/bus/livesys/race");
    int echoes = 0;
    for (int i = 0; i < 60; i++) {
      WsClient peer = WsClient.connect(port, "/bus/livesys/race");
      peer.send("r" + i);
      assertEquals("r" + i, watcher.next().text());
      echoes += peer.poll(30) == null ? 0 : 1;
      peer.abort();
    }
    assertEquals(0, echoes, "echoes of a peer's own message");
  }

  @Test
  void a_durable_subscriber_that_stops_reading_is_not_dropped_and_catches_up_in_order() {
    try (TestNode small = TestNode.bus("bus.durable", "burst", "bus.write-queue-bytes", "4096")) {
      WsClient slow = WsClient.connect(small.port(), "/sub/burst?envelope=1", null, false);
      // More than the socket buffers of both ends hold, so the node's write queue fills.
      String padding = "z".repeat(1000);
      int count = 20_000;
      WsClient publisher = WsClient.connect(small.port(), "/pub/burst?ack=1");
      for (int i = 1; i <= count; i++) {
        publisher.send(i + ":" + padding);
      }
      for (int i = 1; i <= count; i++) {
        publisher.next();
      }
      slow.startReading();
      for (int i = 1; i <= count; i++) {
        String data = new JsonObject(slow.next().text()).getString("data");
        assertEquals(i + ":" + padding, data, "message " + i + " in order, none missing");
      }
      assertNull(slow.poll(300), "none twice");
    }
  }
}
