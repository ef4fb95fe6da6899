package io.taskbus.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event bus consumer per address per node, shared by every local connection on it: a message
 * crosses the event bus (and the cluster) once per node, not once per subscriber, and the node
 * writes it to its sockets in one loop. The consumer goes away with the last connection.
 */
final class LocalFanOut {
  private static final Logger log = LoggerFactory.getLogger(LocalFanOut.class);

  private record Address(MessageConsumer<Object> consumer, List<Consumer<BusMessage>> receivers) {}

  private final EventBus eventBus;
  private final Map<String, Address> addresses = new HashMap<>();

  LocalFanOut(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** Completes once the address's consumer is registered (cluster-wide in a cluster). */
  synchronized Future<Void> add(String address, Consumer<BusMessage> receiver) {
    Address existing = addresses.get(address);
    if (existing != null) {
      existing.receivers().add(receiver);
      return existing.consumer().completion();
    }
    List<Consumer<BusMessage>> receivers = new CopyOnWriteArrayList<>();
    receivers.add(receiver);
    MessageConsumer<Object> consumer =
        eventBus.consumer(
            address,
            message -> {
              if (message.body() instanceof BusMessagePage page) {
                for (BusMessage one : page.messages()) {
                  deliver(receivers, one);
                }
              } else {
                deliver(receivers, (BusMessage) message.body());
              }
            });
    addresses.put(address, new Address(consumer, receivers));
    return consumer.completion();
  }

  private static void deliver(List<Consumer<BusMessage>> receivers, BusMessage message) {
    for (Consumer<BusMessage> each : receivers) {
      try {
        each.accept(message);
      } catch (RuntimeException e) {
        // One connection's failure must not keep the message from the others.
        log.warn("A connection on {} could not take a message: {}", message.topic(), e.toString());
      }
    }
  }

  synchronized void remove(String address, Consumer<BusMessage> receiver) {
    Address existing = addresses.get(address);
    if (existing == null) {
      return;
    }
    existing.receivers().remove(receiver);
    if (existing.receivers().isEmpty()) {
      addresses.remove(address);
      existing.consumer().unregister();
    }
  }

  synchronized boolean has(String address) {
    return addresses.containsKey(address);
  }

  synchronized int addresses() {
    return addresses.size();
  }
}
