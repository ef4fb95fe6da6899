package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages read from a stream in one go, handed to the node's receivers as one event bus message:
 * at thousands of job events a second, a message each cost the reading and the receiving context a
 * task apiece. The feed publishes pages locally; on the wire a page is its count, then each message
 * as {@link BusMessageCodec} writes it, after its length.
 */
record BusMessagePage(List<BusMessage> messages) {
  static final class Codec implements MessageCodec<BusMessagePage, BusMessagePage> {
    private final BusMessageCodec messages = new BusMessageCodec();

    @Override
    public void encodeToWire(Buffer buffer, BusMessagePage page) {
      buffer.appendInt(page.messages().size());
      for (BusMessage message : page.messages()) {
        Buffer one = Buffer.buffer();
        messages.encodeToWire(one, message);
        buffer.appendInt(one.length()).appendBuffer(one);
      }
    }

    @Override
    public BusMessagePage decodeFromWire(int pos, Buffer buffer) {
      int count = buffer.getInt(pos);
      pos += 4;
      List<BusMessage> page = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = buffer.getInt(pos);
        page.add(messages.decodeFromWire(pos + 4, buffer));
        pos += 4 + length;
      }
      return new BusMessagePage(page);
    }

    @Override
    public BusMessagePage transform(BusMessagePage page) {
      return page;
    }

    @Override
    public String name() {
      return "taskbus-bus-message-page";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
