package io.taskbus.queue;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes job outcomes in batches: what finishes while a batch is being written goes in the next. A
 * failed write is kept and tried again with backoff; writing twice is harmless because the store
 * ignores a completion whose job is no longer active at that version. A batch whose write fails is
 * also kept in the {@link ResultSpool}, so it outlives the node. Used from one event loop.
 */
final class CompletionWriter {
  private static final Logger log = LoggerFactory.getLogger(CompletionWriter.class);
  private static final long MAX_RETRY_DELAY_MS = 30_000;

  private final Vertx vertx;
  private final JobStore store;
  private final Backoff backoff;
  private final List<Completion> pending = new ArrayList<>();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  // Outcomes already on disk: one that fails again is not appended again.
  private final Set<Completion> onDisk = new HashSet<>();
  private boolean writing;
  private boolean flushScheduled;
  private long retryDelayMs = 100;
  private long retryTimer = -1;
  private final ResultSpool spool;

  CompletionWriter(Vertx vertx, JobStore store, Backoff backoff, ResultSpool spool) {
    this.vertx = vertx;
    this.store = store;
    this.backoff = backoff;
    this.spool = spool;
  }

  /** Outcomes a previous run left in the spool: written like new ones, then the spool goes. */
  void replay(List<Completion> kept) {
    if (!kept.isEmpty()) {
      log.info("Writing {} job results kept in {} by an earlier run", kept.size(), spool.file());
      onDisk.addAll(kept);
      kept.forEach(this::add);
    }
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

  /**
   * Something else just reached the store (a heartbeat): results waiting for a retry are written
   * now rather than after a backoff that grew during a long outage.
   */
  void storeReachable() {
    if (retryTimer >= 0 && vertx.cancelTimer(retryTimer)) {
      retryTimer = -1;
      retryDelayMs = 100;
      writing = false;
      flush();
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
      if (!onDisk.isEmpty()) {
        onDisk.clear();
        spool
            .clear()
            .onFailure(e -> log.warn("Could not clear the result spool: {}", e.getMessage()));
      }
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
                List<Completion> fresh = batch.stream().filter(c -> !onDisk.contains(c)).toList();
                if (!fresh.isEmpty()) {
                  onDisk.addAll(fresh);
                  spool
                      .keep(fresh)
                      .onFailure(e -> log.error("Could not keep job results on disk", e));
                }
                writing = true;
                retryTimer =
                    vertx.setTimer(
                        retryDelayMs,
                        id -> {
                          retryTimer = -1;
                          writing = false;
                          flush();
                        });
                retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
              }
            });
  }
}
