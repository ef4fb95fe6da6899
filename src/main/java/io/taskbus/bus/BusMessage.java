package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;

/**
 * One message on the bus: its bytes exactly as received, whether it came as a binary frame, and
 * which connection sent it (so {@code /bus} peers are not echoed their own messages).
 */
public record BusMessage(String topic, boolean binary, Buffer payload, String sender) {}
