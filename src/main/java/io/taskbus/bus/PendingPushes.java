package io.taskbus.bus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes waiting for a puller, per topic, bounded. Empty topics are dropped at once, so topics that
 * come and go leave nothing behind. Used from one event loop.
 */
final class PendingPushes {
  private final Map<String, Deque<BusMessage>> byTopic = new HashMap<>();
  private final int limitPerTopic;
  private int total;

  PendingPushes(int limitPerTopic) {
    this.limitPerTopic = limitPerTopic;
  }

  /** False when the topic's queue is full. */
  boolean add(BusMessage message) {
    Deque<BusMessage> queue = byTopic.computeIfAbsent(message.topic(), t -> new ArrayDeque<>());
    if (queue.size() >= limitPerTopic) {
      return false;
    }
    queue.addLast(message);
    total++;
    return true;
  }

  /** Takes every message waiting on {@code topic}, oldest first. */
  List<BusMessage> take(String topic) {
    Deque<BusMessage> queue = byTopic.remove(topic);
    if (queue == null) {
      return List.of();
    }
    total -= queue.size();
    return List.copyOf(queue);
  }

  int total() {
    return total;
  }

  int topics() {
    return byTopic.size();
  }
}
