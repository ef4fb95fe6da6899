package io.taskbus.bus;

import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;

/**
 * Text messages travel as the UTF-8 bytes they arrived as. Each is checked once, where it enters
 * (RFC 6455 asks for 1007 on a text message that is not UTF-8), so it can be written out again as
 * those bytes: decoding it to a string and encoding it back for every subscriber was a large part
 * of what delivering a job event cost a node.
 */
final class TextFrames {
  /** Not more than any server's frame size here: larger messages are split by Vert.x. */
  private static final int ONE_FRAME = 64 * 1024;

  private TextFrames() {}

  /** True when {@code bytes} are UTF-8 text. */
  static boolean utf8(Buffer bytes) {
    return ByteBufUtil.isText(((BufferInternal) bytes).getByteBuf(), StandardCharsets.UTF_8);
  }

  /** Writes UTF-8 {@code text} as one text message. */
  static void write(ServerWebSocket socket, Buffer text) {
    if (text.length() > ONE_FRAME) {
      socket.writeTextMessage(text.toString(StandardCharsets.UTF_8));
      return;
    }
    // Vert.x has no public text frame made of bytes; its own binary messages are written so.
    socket.writeFrame(
        new WebSocketFrameImpl(
            WebSocketFrameType.TEXT, ((BufferInternal) text).getByteBuf(), true));
  }
}
