package io.taskbus.batch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns many small writes into few large ones: while one batch is being written, new items wait and
 * go together in the next. A lone item is written at once, so latency stays low when idle. Not
 * thread-safe: use it from one event loop.
 */
public final class GroupCommit<I, O> {
  private record Pending<I, O>(List<I> items, Promise<List<O>> promise) {}

  private final Function<List<I>, Future<List<O>>> writer;
  private final int maxBatch;
  private final List<Pending<I, O>> waiting = new ArrayList<>();
  private boolean writing;

  public GroupCommit(Function<List<I>, Future<List<O>>> writer, int maxBatch) {
    this.writer = writer;
    this.maxBatch = maxBatch;
  }

  public Future<List<O>> submit(List<I> items) {
    Promise<List<O>> promise = Promise.promise();
    waiting.add(new Pending<>(items, promise));
    if (!writing) {
      flush();
    }
    return promise.future();
  }

  private void flush() {
    List<Pending<I, O>> batch = new ArrayList<>();
    List<I> items = new ArrayList<>();
    while (!waiting.isEmpty()
        && (items.isEmpty() || items.size() + waiting.get(0).items().size() <= maxBatch)) {
      Pending<I, O> next = waiting.remove(0);
      batch.add(next);
      items.addAll(next.items());
    }
    if (batch.isEmpty()) {
      return;
    }
    writing = true;
    writer
        .apply(items)
        .onComplete(
            ar -> {
              writing = false;
              int offset = 0;
              for (Pending<I, O> pending : batch) {
                if (ar.succeeded()) {
                  int size = pending.items().size();
                  pending.promise().complete(ar.result().subList(offset, offset + size));
                  offset += size;
                } else {
                  pending.promise().fail(ar.cause());
                }
              }
              flush();
            });
  }
}
