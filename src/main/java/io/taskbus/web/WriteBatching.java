package io.taskbus.web;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x flushes every write made outside a read, so a subscriber sent a page of events costs one
 * socket write per event. With this handler at the head of the pipeline, flushes issued while other
 * tasks are queued on the connection's event loop are joined into one (at most {@value
 * #MAX_FLUSHES_JOINED} apart); a flush waits only for the tasks already queued.
 */
final class WriteBatching {
  private static final int MAX_FLUSHES_JOINED = 256;

  private WriteBatching() {}

  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channel()
          .pipeline()
          .addFirst(
              "taskbus-write-batching", new FlushConsolidationHandler(MAX_FLUSHES_JOINED, true));
    }
  }
}
