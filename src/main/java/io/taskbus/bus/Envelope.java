package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
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
    return withData(json, message.binary(), message.payload()).encode();
  }

  /** Adds the payload as {@code data}: text as it is, binary as base64 with an {@code encoding}. */
  static JsonObject withData(JsonObject json, boolean binary, Buffer payload) {
    if (binary) {
      return json.put("data", Base64.getEncoder().encodeToString(payload.getBytes()))
          .put("encoding", "base64");
    }
    return json.put("data", payload.toString(StandardCharsets.UTF_8));
  }

  /** Writes a payload as the frame it came as: binary stays binary, text stays text. */
  static void write(ServerWebSocket socket, boolean binary, Buffer payload) {
    if (binary) {
      socket.writeBinaryMessage(payload);
    } else {
      TextFrames.write(socket, payload);
    }
  }
}
