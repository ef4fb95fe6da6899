package io.taskbus.support;

import static io.taskbus.support.Await.await;

import io.taskbus.Taskbus;
import io.vertx.core.Vertx;

/** A node on SQLite in memory with no worker, its own Vert.x and an HTTP client: a bus to test. */
public final class TestNode implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Taskbus taskbus;
  private final Http http;

  private TestNode(String... settings) {
    String[] all = new String[settings.length + 2];
    all[0] = "worker.enabled";
    all[1] = "false";
    System.arraycopy(settings, 0, all, 2, settings.length);
    taskbus = Nodes.start(vertx, Nodes.examples(), "sqlite::memory:", all);
    http = new Http(taskbus.httpPort());
  }

  /** Settings are key, value pairs on top of the test defaults. */
  public static TestNode bus(String... settings) {
    return new TestNode(settings);
  }

  public Taskbus taskbus() {
    return taskbus;
  }

  public int port() {
    return taskbus.httpPort();
  }

  public Http http() {
    return http;
  }

  @Override
  public void close() {
    await(taskbus.close());
    await(vertx.close());
  }
}
