package io.taskbus.stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;

/**
 * Durable push/pull: each message goes to one puller at a time and stays stored until that puller
 * acknowledges it; a lease that runs out, or a puller that leaves, makes it available again (at
 * least once).
 */
public interface PushStore {
  Future<Long> push(String topic, boolean binary, Buffer payload);

  /**
   * Leases up to {@code limit} available messages of {@code topic}, oldest first, to {@code
   * holder}.
   */
  Future<List<Pushed>> take(String topic, String holder, int limit, Duration lease);

  /** Deletes an acknowledged message; false if its lease passed to someone else meanwhile. */
  Future<Boolean> ack(long id, String holder);

  /** Makes every message leased to {@code holder} available again at once. */
  Future<Integer> release(String holder);

  Future<Long> waiting(String topic);
}
