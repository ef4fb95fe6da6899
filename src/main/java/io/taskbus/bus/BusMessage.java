package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;

/**
 * One message on the bus: its bytes exactly as received, whether it came as a binary frame, and
 * which connection sent it (so {@code /bus} peers are not echoed their own messages). Messages of
 * durable topics also carry their place in the stream: epoch, offset and time (epoch millis);
 * ephemeral ones have offset 0 and no epoch. A text payload is UTF-8: the WebSocket and HTTP edges
 * refuse any other (1007, 400), and an application that builds messages itself sees to it, since
 * text is written out as the bytes it came as.
 */
public record BusMessage(
    String topic,
    boolean binary,
    Buffer payload,
    String sender,
    long offset,
    String epoch,
    long time) {

  /** A message read back from its durable stream. */
  static BusMessage stored(io.taskbus.stream.StreamMessage m) {
    return new BusMessage(
        m.topic(),
        m.binary(),
        m.payload(),
        m.sender() == null ? "" : m.sender(),
        m.offset(),
        m.epoch(),
        m.time().toEpochMilli());
  }

  public BusMessage(String topic, boolean binary, Buffer payload, String sender) {
    this(topic, binary, payload, sender, 0, null, 0);
  }

  public boolean durable() {
    return epoch != null;
  }
}
