package io.taskbus.bus;

/**
 * Event bus addresses of the bus. Because they are event bus addresses, subscribers and pullers on
 * every node of a cluster receive what any node publishes.
 */
final class BusAddresses {
  private BusAddresses() {}

  /** {@code /bus/{topic}} peers. */
  static String peers(String topic) {
    return "taskbus.bus.peers." + topic;
  }

  /** Subscribers of exactly {@code topic} ({@code /sub}); publishers send to every parent too. */
  static String subscribers(String topic) {
    return "taskbus.bus.sub." + topic;
  }

  /** Pullers of {@code topic}: the event bus hands each message to one of them, round robin. */
  static String pullers(String topic) {
    return "taskbus.bus.pull." + topic;
  }

  /** Every message of a durable stream, in offset order as far as the network allows. */
  static String stream(String stream) {
    return "taskbus.bus.stream." + stream;
  }

  /** Published when a durable push is stored, so pullers of its topic on every node take it. */
  static String pushed(String topic) {
    return "taskbus.bus.pushed." + topic;
  }

  /** Published when a puller connects anywhere, so nodes holding waiting pushes send them. */
  static final String PULLER_JOINED = "taskbus.bus.puller-joined";
}
