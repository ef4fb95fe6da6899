package io.taskbus.stream;

import io.vertx.core.buffer.Buffer;

/** A durable push handed to a puller: its id (to acknowledge), and how often it was handed out. */
public record Pushed(long id, String topic, boolean binary, Buffer payload, int deliveries) {}
