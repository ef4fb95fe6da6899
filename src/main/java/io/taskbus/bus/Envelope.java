package io.taskbus.bus;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The opt-in JSON form of a durable message: {"topic","offset","epoch","time","data"}. */
final class Envelope {
  private Envelope() {}

  static String of(BusMessage message) {
    JsonObject json =
        new JsonObject()
            .put("topic", message.topic())
            .put("offset", message.offset())
            .put("epoch", message.epoch())
            .put("time", Instant.ofEpochMilli(message.time()).toString());
    if (message.binary()) {
      json.put("data", Base64.getEncoder().encodeToString(message.payload().getBytes()))
          .put("encoding", "base64");
    } else {
      json.put("data", message.payload().toString(StandardCharsets.UTF_8));
    }
    return json.encode();
  }
}
