package io.taskbus.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes frames byte by byte, for what the JDK's client will not send: text
 * frames that are not UTF-8, characters split across frames.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CONTINUATION = 0;
  private static final int CLOSE = 8;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  public static RawWebSocket connect(int port, String path) {
    try {
      RawWebSocket client = new RawWebSocket(new Socket("127.0.0.1", port));
      client.socket.setSoTimeout(10_000);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(key)
              + "\r\n\r\n";
      client.out.write(request.getBytes(StandardCharsets.US_ASCII));
      client.out.flush();
      String head = client.head();
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("handshake refused: " + head);
      }
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String head() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Sends one masked frame, as a client must, of at most 125 bytes. */
  public RawWebSocket send(int opcode, byte[] payload, boolean fin) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("at most 125 bytes");
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    frame.write(0x80 | payload.length);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The code of the server's close frame, skipping any other frames before it. */
  public int closeCode() {
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if ((first & 0x0f) == CLOSE) {
          return length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
