package io.taskbus.queue;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes job outcomes in batches: what finishes while a batch is being written goes in the next. A
 * failed write is kept and tried again with backoff; writing twice is harmless because the store
 * ignores a completion whose job is no longer active at that version. Used from one event loop.
 */
final class CompletionWriter {
  private static final Logger log = LoggerFactory.getLogger(CompletionWriter.class);
  private static final long MAX_RETRY_DELAY_MS = 30_000;

  private final Vertx vertx;
  private final JobStore store;
  private final Backoff backoff;
  private final List<Completion> pending = new ArrayList<>();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private boolean writing;
  private boolean flushScheduled;
  private long retryDelayMs = 100;

  CompletionWriter(Vertx vertx, JobStore store, Backoff backoff) {
    this.vertx = vertx;
    this.store = store;
    this.backoff = backoff;
  }

  void add(Completion completion) {
    pending.add(completion);
    if (!writing && !flushScheduled) {
      // Completions of the same event-loop turn go in one write.
      flushScheduled = true;
      vertx.runOnContext(
          v -> {
            flushScheduled = false;
            if (!writing) {
              flush();
            }
          });
    }
  }

  int pending() {
    return pending.size() + (writing ? 1 : 0);
  }

  /** Completes once everything added so far is written. */
  Future<Void> drained() {
    if (pending.isEmpty() && !writing && !flushScheduled) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    drainWaiters.add(promise);
    return promise.future();
  }

  private void flush() {
    if (pending.isEmpty()) {
      drainWaiters.forEach(Promise::tryComplete);
      drainWaiters.clear();
      return;
    }
    List<Completion> batch = new ArrayList<>(pending);
    pending.clear();
    writing = true;
    store
        .complete(batch, backoff)
        .onComplete(
            ar -> {
              writing = false;
              if (ar.succeeded()) {
                retryDelayMs = 100;
                flush();
              } else {
                log.warn(
                    "Could not write {} job results, keeping them and trying again in {} ms: {}",
                    batch.size(),
                    retryDelayMs,
                    ar.cause().getMessage());
                pending.addAll(0, batch);
                writing = true;
                vertx.setTimer(
                    retryDelayMs,
                    id -> {
                      writing = false;
                      flush();
                    });
                retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
              }
            });
  }
}
