package io.taskbus.events.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  /** What a JSON library writes for the same values, from a writer too small for any of them. */
  @Test
  void writes_what_a_json_library_writes() {
    List<String> strings =
        List.of("", "plain", "say \"hi\"\\", "tab\tline\n\u0001", "grüße", "你好 😀", "</script>");
    for (String value : strings) {
      assertEquals(
          new JsonArray().add(value).encode(),
          new JsonBytes(1)
              .raw(JsonBytes.ascii("["))
              .string(value)
              .raw(JsonBytes.ascii("]"))
              .buffer()
              .toString(),
          value);
    }
    for (long value : new long[] {0, 7, -7, 10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertEquals(Long.toString(value), new JsonBytes(1).number(value).toString());
    }
    Long[] ids = {3L, -1L, 12L};
    assertEquals(
        new JsonArray(Arrays.asList((Object[]) ids)).encode(),
        new JsonBytes(1).ids(ids).toString());
    assertEquals("[]", new JsonBytes(1).ids(null).toString());
    assertEquals("null", new JsonBytes(1).string(null).toString());
    assertEquals("{\"a\":\"ü\"}", new JsonBytes(1).json("{\"a\":\"ü\"}").buffer().toString());
  }
}
