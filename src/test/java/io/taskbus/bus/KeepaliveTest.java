package io.taskbus.bus;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.taskbus.support.WsClient;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A peer that stops answering pings is dropped; a live one is kept. */
class KeepaliveTest {
  @Test
  void a_peer_that_does_not_answer_pings_is_dropped() throws Exception {
    Vertx vertx = Vertx.vertx();
    Taskbus taskbus =
        Nodes.start(
            vertx,
            Nodes.examples(),
            "sqlite::memory:",
            "worker.enabled",
            "false",
            "bus.ping-interval",
            "0.2",
            "bus.pong-timeout",
            "1");
    try (Socket silent = new Socket("127.0.0.1", taskbus.httpPort())) {
      OutputStream out = silent.getOutputStream();
      out.write(
          ("GET /sub/quiet HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = silent.getInputStream();
      byte[] head = new byte[12];
      assertEquals(12, in.readNBytes(head, 0, 12));
      assertTrue(new String(head, StandardCharsets.US_ASCII).contains("101"));
      WsClient live = WsClient.connect(taskbus.httpPort(), "/sub/quiet");
      Await.until(() -> taskbus.bus().connections() == 2, 10);
      // The silent peer never reads nor answers; within a few ping rounds it is gone.
      Await.until(() -> taskbus.bus().connections() == 1, 10);
      Thread.sleep(1500); // several ping intervals: the live client, which answers, stays
      assertEquals(1, taskbus.bus().connections());
      live.close();
    } finally {
      await(taskbus.close());
      await(vertx.close());
    }
  }
}
