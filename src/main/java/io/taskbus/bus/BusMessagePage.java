package io.taskbus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;

/**
 * Messages read from a stream in one go, handed to the node's receivers as one event bus message:
 * at thousands of job events a second, a message each cost the reading and the receiving context a
 * task apiece. Pages stay on their node; the codec refuses the wire.
 */
record BusMessagePage(List<BusMessage> messages) {
  static final class LocalCodec implements MessageCodec<BusMessagePage, BusMessagePage> {
    @Override
    public void encodeToWire(Buffer buffer, BusMessagePage page) {
      throw new UnsupportedOperationException("a page of stream messages stays on its node");
    }

    @Override
    public BusMessagePage decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("a page of stream messages stays on its node");
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
