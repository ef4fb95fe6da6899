package io.taskbus.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusMessagePageTest {
  /** A page read back from the wire has its messages, in order, with every field and byte. */
  @Test
  void a_page_survives_the_wire() {
    BusMessage text =
        new BusMessage(
            "jobs/q/t/1",
            false,
            Buffer.buffer("{\"event\":\"grüße\"}"),
            "node-a",
            41,
            "3f9c2a1b7d4e",
            1_700_000_000_123L);
    BusMessage binary =
        new BusMessage("livesys/7", true, Buffer.buffer(new byte[] {0, -1, 7}), "conn");
    BusMessagePage.Codec codec = new BusMessagePage.Codec();
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, new BusMessagePage(List.of(text, binary)));

    List<BusMessage> back = codec.decodeFromWire("prefix".length(), wire).messages();

    assertEquals(2, back.size());
    for (int i = 0; i < 2; i++) {
      BusMessage sent = List.of(text, binary).get(i);
      BusMessage got = back.get(i);
      assertEquals(
          List.of(sent.topic(), sent.binary(), sent.sender(), sent.offset(), sent.time()),
          List.of(got.topic(), got.binary(), got.sender(), got.offset(), got.time()));
      assertEquals(sent.epoch(), got.epoch());
      assertArrayEquals(sent.payload().getBytes(), got.payload().getBytes());
    }
    assertEquals("{\"event\":\"grüße\"}", back.get(0).payload().toString(StandardCharsets.UTF_8));
  }
}
