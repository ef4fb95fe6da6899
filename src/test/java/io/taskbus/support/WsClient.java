package io.taskbus.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client from the JDK that collects what it receives, for tests. */
public final class WsClient implements WebSocket.Listener {
  /** A received message: text, or binary bytes. */
  public record Received(boolean binary, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile boolean reading;
  private final StringBuilder text = new StringBuilder();
  private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
  private volatile String closeReason;
  private WebSocket socket;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  public static WsClient connect(int port, String path) {
    return connect(port, path, null, true);
  }

  /** With {@code reading} false the client stops reading after the first message. */
  public static WsClient connect(int port, String path, String origin, boolean reading) {
    WsClient client = new WsClient(reading);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).join();
    return client;
  }

  /** A client that stopped reading starts again. */
  public void startReading() {
    reading = true;
    socket.request(1);
  }

  public WsClient send(String message) {
    socket.sendText(message, true).join();
    return this;
  }

  public WsClient sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    return this;
  }

  public Received next() {
    try {
      Received message = messages.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within 10 s");
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next message if one arrives within {@code millis}, else null. */
  public Received poll(long millis) {
    try {
      return messages.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public int closeCode() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Whether the server closed the socket, or it failed. */
  public boolean isClosed() {
    return closed.isDone();
  }

  public String closeReason() {
    return closeReason;
  }

  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }

  public void abort() {
    socket.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      messages.add(new Received(false, text.toString().getBytes(StandardCharsets.UTF_8)));
      text.setLength(0);
    }
    if (reading) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.writeBytes(bytes);
    if (last) {
      messages.add(new Received(true, binary.toByteArray()));
      binary.reset();
    }
    if (reading) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
