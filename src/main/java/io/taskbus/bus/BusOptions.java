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
    int pendingPushLimit,
    List<String> durablePrefixes,
    long durableMaxCount,
    Duration durableMaxAge,
    Duration pushAckTimeout,
    int pushMaxDeliveries) {

  public BusOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
    durablePrefixes = List.copyOf(durablePrefixes);
    for (String prefix : durablePrefixes) {
      String problem = Topic.problem(prefix);
      if (problem != null) {
        throw new IllegalArgumentException("durable prefix: " + problem);
      }
      if (io.taskbus.events.JobEvents.covers(prefix)) {
        throw new IllegalArgumentException(
            "bus.durable: job events under \""
                + prefix
                + "\" are always durable; audit.max-age says how long they are kept");
      }
    }
  }

  /**
   * The durable stream a topic belongs to: the longest durable prefix equal to the topic or above
   * it ({@code livesys} covers {@code livesys/**}).
   */
  public java.util.Optional<String> streamOf(String topic) {
    String best = null;
    for (String prefix : durablePrefixes) {
      if ((topic.equals(prefix) || topic.startsWith(prefix + "/"))
          && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return java.util.Optional.ofNullable(best);
  }
}
