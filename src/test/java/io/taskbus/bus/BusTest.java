package io.taskbus.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Http;
import io.taskbus.support.RawWebSocket;
import io.taskbus.support.TestNode;
import io.taskbus.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mercury's semantics with real WebSocket clients, and Mercury's defects as regressions. */
class BusTest {
  private TestNode node;
  private Taskbus taskbus;
  private int port;
  private Http http;

  @BeforeEach
  void start() {
    node =
        TestNode.bus(
            "bus.allowed-origins",
            "example.com, *.example.org",
            "bus.max-message-bytes",
            "1024",
            "bus.write-queue-bytes",
            "4096");
    taskbus = node.taskbus();
    port = node.port();
    http = node.http();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  JsonObject stats() {
    return new JsonObject(http.get("/api/bus").body());
  }

  void waitForConnections(String mode, int count) {
    Await.until(() -> stats().getJsonObject("connections").getInteger(mode) == count, 10);
  }

  @Test
  void bus_peers_receive_what_others_send_but_not_their_own() {
    WsClient a = WsClient.connect(port, "/bus/livesys");
    WsClient b = WsClient.connect(port, "/bus/livesys");
    WsClient echo = WsClient.connect(port, "/bus/livesys?echo=1");
    WsClient other = WsClient.connect(port, "/bus/validation");
    waitForConnections("bus", 4);
    a.send("from a");
    assertEquals("from a", b.next().text());
    assertEquals("from a", echo.next().text());
    echo.send("from echo");
    assertEquals("from echo", echo.next().text(), "echo=1 also receives its own");
    assertEquals("from echo", a.next().text());
    assertEquals("from echo", b.next().text());
    assertNull(a.poll(200), "a does not get its own message");
    assertNull(other.poll(100));
  }

  @Test
  void a_subscriber_receives_its_topic_and_everything_below_it() {
    WsClient all = WsClient.connect(port, "/sub/livesys");
    WsClient one = WsClient.connect(port, "/sub/livesys/42");
    WsClient peer = WsClient.connect(port, "/bus/livesys");
    waitForConnections("sub", 2);
    WsClient pub = WsClient.connect(port, "/pub/livesys/42/reboot");
    pub.send("reboot");
    assertEquals("reboot", all.next().text());
    assertEquals("reboot", one.next().text());
    assertEquals(200, http.post("/pub/livesys/7", "hello 7").statusCode());
    assertEquals("hello 7", all.next().text());
    assertNull(one.poll(200), "livesys/42 does not receive livesys/7");
    assertNull(peer.poll(100), "/pub never reaches /bus");
  }

  @Test
  void push_gives_each_message_to_exactly_one_puller_in_turn_even_after_the_first_leaves() {
    WsClient first = WsClient.connect(port, "/pull/work");
    WsClient second = WsClient.connect(port, "/pull/work");
    WsClient third = WsClient.connect(port, "/pull/work");
    waitForConnections("pull", 3);
    WsClient pusher = WsClient.connect(port, "/push/work");
    for (int i = 0; i < 6; i++) {
      pusher.send("m" + i);
    }
    List<String> got = new ArrayList<>();
    for (WsClient puller : List.of(first, second, third)) {
      got.add(puller.next().text());
      got.add(puller.next().text());
      assertNull(puller.poll(100), "each puller gets its share, no more");
    }
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5"), got.stream().sorted().toList());
    first.close();
    waitForConnections("pull", 2);
    for (int i = 0; i < 4; i++) {
      assertEquals(200, http.post("/push/work", "n" + i).statusCode());
    }
    assertEquals(2, countWithin(second), "round robin continues without the first");
    assertEquals(2, countWithin(third));
  }

  private int countWithin(WsClient client) {
    int count = 0;
    while (client.poll(300) != null) {
      count++;
    }
    return count;
  }

  @Test
  void a_push_without_puller_waits_until_one_connects() {
    HttpResponse<String> pushed = http.post("/push/nobody-yet", "keep me");
    assertEquals(200, pushed.statusCode(), pushed.body());
    WsClient.connect(port, "/push/nobody-yet").send("and me");
    Await.until(() -> stats().getInteger("pending_pushes") == 2, 10);
    WsClient puller = WsClient.connect(port, "/pull/nobody-yet");
    assertEquals("keep me", puller.next().text());
    assertEquals("and me", puller.next().text());
    Await.until(() -> stats().getInteger("pending_push_topics") == 0, 10);
  }

  @Test
  void text_stays_text_and_binary_stays_binary_byte_for_byte() {
    WsClient sub = WsClient.connect(port, "/sub/data");
    waitForConnections("sub", 1);
    WsClient pub = WsClient.connect(port, "/pub/data");
    byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
    pub.sendBinary(bytes);
    WsClient.Received binary = sub.next();
    assertTrue(binary.binary());
    assertArrayEquals(bytes, binary.bytes());
    pub.send("grüße, 你好 ✓");
    WsClient.Received text = sub.next();
    assertTrue(!text.binary());
    assertEquals("grüße, 你好 ✓", text.text());
    assertEquals(200, http.post("/pub/data", "posté ✓").statusCode());
    assertEquals("posté ✓", sub.next().text(), "a POST body is not encoded twice");
  }

  @Test
  void a_text_message_that_is_not_utf8_is_refused_and_nothing_of_it_published() throws Exception {
    WsClient sub = WsClient.connect(port, "/sub/raw");
    waitForConnections("sub", 1);
    try (RawWebSocket pub = RawWebSocket.connect(port, "/pub/raw")) {
      // "grü" with the ü split across two frames: UTF-8 once joined.
      pub.send(RawWebSocket.TEXT, new byte[] {'g', 'r', (byte) 0xc3}, false);
      pub.send(RawWebSocket.CONTINUATION, new byte[] {(byte) 0xbc}, true);
      assertEquals("grü", sub.next().text());
      pub.send(RawWebSocket.TEXT, new byte[] {'a', (byte) 0xff, 'b'}, true);
      assertEquals(1007, pub.closeCode());
    }
    byte[] latin1 = "posté".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> refused = http.post("/pub/raw", latin1, "text/plain");
    assertEquals(400, refused.statusCode());
    assertTrue(new JsonObject(refused.body()).getString("error").contains("octet-stream"));
    assertEquals(200, http.post("/pub/raw", latin1, "application/octet-stream").statusCode());
    WsClient.Received binary = sub.next();
    assertTrue(binary.binary(), "the bytes come as sent, as binary");
    assertArrayEquals(latin1, binary.bytes());
    assertNull(sub.poll(300), "nothing of the refused messages was published");
    assertTrue(!sub.isClosed());
  }

  @Test
  void origins_match_whole_hosts_only() {
    WsClient.connect(port, "/sub/o", "https://example.com", true).close();
    WsClient.connect(port, "/sub/o", "https://ops.example.org", true).close();
    for (String origin :
        List.of("https://example.com.evil.net", "https://evilexample.com", "https://example.org")) {
      CompletionException refused =
          assertThrows(
              CompletionException.class, () -> WsClient.connect(port, "/sub/o", origin, true));
      assertTrue(
          refused.getCause() instanceof WebSocketHandshakeException handshake
              && handshake.getResponse().statusCode() == 403,
          origin + ": " + refused.getCause());
    }
  }

  @Test
  void an_oversize_message_closes_with_1009_and_an_oversize_post_gets_413() {
    WsClient pub = WsClient.connect(port, "/pub/big");
    pub.send("x".repeat(2000));
    assertEquals(1009, pub.closeCode());
    HttpResponse<String> post = http.post("/pub/big", "x".repeat(2000));
    assertEquals(413, post.statusCode());
    assertTrue(new JsonObject(post.body()).containsKey("error"));
  }

  @Test
  void no_debug_or_index_pages_are_served() {
    for (String path : List.of("/", "/debug", "/index.html", "/api")) {
      HttpResponse<String> response = http.get(path);
      assertEquals(404, response.statusCode(), path);
      assertTrue(new JsonObject(response.body()).containsKey("error"), path);
    }
  }

  @Test
  void bad_paths_get_json_errors() {
    assertEquals(400, http.post("/pub/a//b", "x").statusCode());
    assertEquals(405, http.post("/sub/a", "x").statusCode());
    assertEquals(400, http.get("/sub/a").statusCode(), "plain GET is not a WebSocket");
    HttpResponse<String> noTopic = http.get("/sub");
    assertEquals(400, noTopic.statusCode());
    assertTrue(
        new JsonObject(noTopic.body()).getString("error").startsWith("the topic is missing"));
    assertEquals(400, http.post("/pub/", "x").statusCode());
  }

  @Test
  void connections_return_to_zero_after_many_connects_and_disconnects() {
    for (int i = 0; i < 100; i++) {
      String mode = List.of("bus", "pub", "sub", "push", "pull").get(i % 5);
      WsClient client = WsClient.connect(port, "/" + mode + "/churn/" + i);
      if (i % 2 == 0) {
        client.close();
      } else {
        client.abort();
      }
    }
    Await.until(() -> taskbus.bus().connections() == 0, 20);
    Await.until(() -> stats().getInteger("subscribed_addresses") == 0, 20);
    assertEquals(0, stats().getInteger("pending_push_topics"));
  }

  @Test
  void a_consumer_that_stops_reading_is_disconnected_and_frees_its_buffer() {
    WsClient slow = WsClient.connect(port, "/sub/flood", null, false);
    WsClient fast = WsClient.connect(port, "/sub/flood");
    waitForConnections("sub", 2);
    String message = "y".repeat(1000);
    WsClient pub = WsClient.connect(port, "/pub/flood");
    for (int i = 0;
        i < 100_000 && taskbus.bus().stats().getJsonObject("connections").getInteger("sub") == 2;
        i++) {
      pub.send(message);
      if (i % 200 == 0) {
        while (fast.poll(0) != null) {
          // keep the fast subscriber drained
        }
      }
    }
    waitForConnections("sub", 1);
    pub.send("after");
    WsClient.Received last;
    do {
      last = fast.next();
    } while (!last.text().equals("after"));
    assertEquals("after", last.text(), "the reading subscriber is unaffected");
  }

  @Test
  void subscribers_leaving_while_messages_flow_do_not_keep_them_from_the_others() {
    try (TestNode busy = TestNode.bus()) {
      List<WsClient> leaving = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        leaving.add(WsClient.connect(busy.port(), "/sub/flow"));
      }
      // Connected last, so it is the last the node hands each message to.
      WsClient staying = WsClient.connect(busy.port(), "/sub/flow");
      Await.until(
          () ->
              new JsonObject(busy.http().get("/api/bus").body())
                      .getJsonObject("connections")
                      .getInteger("sub")
                  == 21,
          10);
      WsClient pub = WsClient.connect(busy.port(), "/pub/flow");
      int count = 2_000;
      for (int i = 1; i <= count; i++) {
        pub.send("m" + i);
        if (i % 100 == 0) {
          leaving.get(i / 100 - 1).close(); // while the node is still sending to it
        }
      }
      for (int i = 1; i <= count; i++) {
        assertEquals("m" + i, staying.next().text(), "message " + i + " reaches who stays");
      }
    }
  }
}
