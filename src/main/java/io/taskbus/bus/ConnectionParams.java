package io.taskbus.bus;

import io.vertx.core.http.HttpServerRequest;

/**
 * Query options of a WebSocket: {@code echo=1} (bus peers hear themselves), {@code envelope=1}
 * (durable messages arrive as JSON with topic, offset, epoch, time and data), {@code ack=1}
 * (durable publishes are answered with their offset), {@code since} and {@code epoch} (resume a
 * durable subscription after that offset).
 */
record ConnectionParams(boolean echo, boolean envelope, boolean ack, Long since, String epoch) {

  static ConnectionParams of(HttpServerRequest request) {
    String since = request.getParam("since");
    Long offset = null;
    if (since != null) {
      try {
        offset = Long.parseLong(since);
      } catch (NumberFormatException e) {
        offset = -1L;
      }
      if (offset < 0) {
        throw new IllegalArgumentException(
            "since must be an offset (a non-negative integer), got \"" + since + "\"");
      }
    }
    return new ConnectionParams(
        "1".equals(request.getParam("echo")),
        "1".equals(request.getParam("envelope")),
        "1".equals(request.getParam("ack")),
        offset,
        request.getParam("epoch"));
  }
}
