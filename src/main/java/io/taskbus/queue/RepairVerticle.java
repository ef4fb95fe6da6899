package io.taskbus.queue;

import io.taskbus.job.Backoff;
import io.taskbus.job.JobStore;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import io.taskbus.job.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic upkeep, safe to run on every node at once: removes workers that stopped heartbeating and
 * fails (then retries) their jobs, purges old finished jobs, drops expired ones and fails jobs
 * stuck in the queue. The search for stuck jobs reads every waiting job (111 ms for 80,000 of them
 * on PostgreSQL), so the scheduled passes make it only once per hundredth of {@code
 * repair.stuck-after} (29 minutes of the default two days): a stuck job fails at most that late.
 */
public final class RepairVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RepairVerticle.class);
  private final JobStore store;
  private final RepairPolicy policy;
  private final Backoff backoff;
  private final Duration interval;
  private final long stuckSearchNanos;
  private long lastStuckSearch = -1;
  // Repairs failed: this node could not reach the store, and neither, perhaps, could workers.
  private boolean storeWasDown;
  private long backSince = -1;

  public RepairVerticle(JobStore store, RepairPolicy policy, Backoff backoff, Duration interval) {
    this.store = store;
    this.policy = policy;
    this.backoff = backoff;
    this.interval = interval;
    this.stuckSearchNanos = Math.max(interval.toNanos(), policy.stuckAfter().toNanos() / 100);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> scheduledRepair());
    return Future.succeededFuture();
  }

  /**
   * One pass; also called by tests and the HTTP API. After this node could not reach the store, no
   * worker is declared missing until {@code missingAfter} has passed since it could again: workers
   * that lived through the outage could not heartbeat either, and get that long to do so.
   */
  public Future<RepairReport> repair() {
    return repair(policy);
  }

  private void scheduledRepair() {
    long now = System.nanoTime();
    if (lastStuckSearch >= 0 && now - lastStuckSearch < stuckSearchNanos) {
      repair(policy.withoutStuckJobs());
    } else {
      repair(policy).onSuccess(report -> lastStuckSearch = now);
    }
  }

  private Future<RepairReport> repair(RepairPolicy pass) {
    boolean lenient =
        storeWasDown
            || (backSince >= 0 && System.nanoTime() - backSince < policy.missingAfter().toNanos());
    return store
        .repair(lenient ? pass.withoutMissingWorkers() : pass, backoff)
        .onSuccess(
            report -> {
              if (storeWasDown) {
                storeWasDown = false;
                backSince = System.nanoTime();
                log.info(
                    "The store is back: workers have {} s to heartbeat before any is declared"
                        + " missing",
                    policy.missingAfter().toSeconds());
              }
              if (report.missingWorkers() + report.abandonedJobs() + report.stuckJobs() > 0) {
                log.warn("Repair: {}", report.toJson().encode());
              } else if (report.purgedJobs() + report.expiredJobs() > 0) {
                log.info("Repair: {}", report.toJson().encode());
              }
            })
        .onFailure(
            e -> {
              if (e instanceof StoreUnavailableException) {
                storeWasDown = true;
              }
              log.warn("Repair failed, will try again: {}", e.getMessage());
            });
  }
}
