package io.taskbus.stream;

import io.vertx.core.buffer.Buffer;

/** A message to append: the topic it was published on and its bytes, as received. */
public record NewMessage(String topic, boolean binary, Buffer payload) {}
