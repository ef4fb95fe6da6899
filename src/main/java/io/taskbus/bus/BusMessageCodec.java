package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Carries bus messages on the event bus: unchanged on the same node, and between nodes as {@code
 * [topic length][topic][sender length][sender][binary flag][payload]}, bytes untouched.
 */
final class BusMessageCodec implements MessageCodec<BusMessage, BusMessage> {
  static final String NAME = "taskbus-bus-message";

  @Override
  public void encodeToWire(Buffer buffer, BusMessage message) {
    byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
    byte[] sender = message.sender().getBytes(StandardCharsets.UTF_8);
    buffer
        .appendInt(topic.length)
        .appendBytes(topic)
        .appendInt(sender.length)
        .appendBytes(sender)
        .appendByte(message.binary() ? (byte) 1 : 0)
        .appendLong(message.offset())
        .appendLong(message.time());
    byte[] epoch =
        message.epoch() == null ? new byte[0] : message.epoch().getBytes(StandardCharsets.UTF_8);
    buffer
        .appendInt(epoch.length)
        .appendBytes(epoch)
        .appendInt(message.payload().length())
        .appendBuffer(message.payload());
  }

  @Override
  public BusMessage decodeFromWire(int pos, Buffer buffer) {
    int topicLength = buffer.getInt(pos);
    String topic = buffer.getString(pos + 4, pos + 4 + topicLength, "UTF-8");
    pos += 4 + topicLength;
    int senderLength = buffer.getInt(pos);
    String sender = buffer.getString(pos + 4, pos + 4 + senderLength, "UTF-8");
    pos += 4 + senderLength;
    boolean binary = buffer.getByte(pos) == 1;
    long offset = buffer.getLong(pos + 1);
    long time = buffer.getLong(pos + 9);
    pos += 17;
    int epochLength = buffer.getInt(pos);
    String epoch =
        epochLength == 0 ? null : buffer.getString(pos + 4, pos + 4 + epochLength, "UTF-8");
    pos += 4 + epochLength;
    int payloadLength = buffer.getInt(pos);
    Buffer payload = buffer.getBuffer(pos + 4, pos + 4 + payloadLength);
    return new BusMessage(topic, binary, payload, sender, offset, epoch, time);
  }

  @Override
  public BusMessage transform(BusMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
