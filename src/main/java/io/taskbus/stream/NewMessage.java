package io.taskbus.stream;

import io.vertx.core.buffer.Buffer;

/**
 * A message to append: the topic it was published on and its bytes, as received; {@code sender}
 * names the publishing connection where readers must know it (/bus peers), else null.
 */
public record NewMessage(String topic, boolean binary, Buffer payload, String sender) {
  public NewMessage(String topic, boolean binary, Buffer payload) {
    this(topic, binary, payload, null);
  }
}
