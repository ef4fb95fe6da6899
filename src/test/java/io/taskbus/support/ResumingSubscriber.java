package io.taskbus.support;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable subscriber that behaves as a well-written client does: it asks for envelopes, and when
 * its socket closes or cannot be opened it connects again after a pause and resumes after the last
 * offset it received. It counts anything it receives a second time.
 */
public final class ResumingSubscriber implements AutoCloseable {
  /** One delivered message. */
  public record Message(long offset, String topic, String data) {}

  private final int port;
  private final String path;
  private final List<Message> received = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;
  private long last;
  private String epoch;
  private int repeated;
  private int connections;

  public ResumingSubscriber(int port, String path) {
    this.port = port;
    this.path = path;
    this.thread = new Thread(this::run, "resuming-subscriber " + path);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      WsClient socket = null;
      try {
        socket = WsClient.connect(port, path + query());
        synchronized (this) {
          connections++;
        }
        while (!closed) {
          WsClient.Received message = socket.poll(200);
          if (message != null) {
            take(new JsonObject(message.text()));
          } else if (socket.isClosed()) {
            break;
          }
        }
      } catch (RuntimeException refused) {
        // The node could not serve the subscription now (its store is away): try again.
      } finally {
        if (socket != null) {
          socket.abort();
        }
      }
      pause();
    }
  }

  private synchronized String query() {
    return epoch == null ? "?envelope=1" : "?envelope=1&since=" + last + "&epoch=" + epoch;
  }

  private synchronized void take(JsonObject envelope) {
    long offset = envelope.getLong("offset");
    epoch = envelope.getString("epoch");
    if (offset <= last) {
      repeated++;
      return;
    }
    last = offset;
    received.add(new Message(offset, envelope.getString("topic"), envelope.getString("data")));
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized List<Message> received() {
    return List.copyOf(received);
  }

  /** Messages received again after they had been delivered: must stay 0. */
  public synchronized int repeated() {
    return repeated;
  }

  /** How many times it connected: more than 1 means it resumed. */
  public synchronized int connections() {
    return connections;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(5000);
  }
}
