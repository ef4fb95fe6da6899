package io.taskbus.bus;

import java.time.Duration;
import java.util.List;

/**
 * Limits of the bus: which Origins may connect (exact hosts or {@code *.example.com}; empty allows
 * any), the largest message, keepalive pings, each connection's outbound buffer, and how many
 * pushes may wait for a puller per topic.
 */
public record BusOptions(
    List<String> allowedOrigins,
    int maxMessageBytes,
    Duration pingInterval,
    Duration pongTimeout,
    int writeQueueBytes,
    int pendingPushLimit) {

  public BusOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  public static BusOptions defaults() {
    return new BusOptions(
        List.of(), 65_536, Duration.ofSeconds(30), Duration.ofSeconds(10), 1 << 20, 10_000);
  }
}
