package io.taskbus.queue;

import io.taskbus.job.DequeueRequest;
import io.taskbus.job.JobStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Hands ready jobs to executors: an executor with free slots asks on {@link Addresses#DISPATCH} and
 * gets up to that many jobs in one batch. When the store says jobs were added (PostgreSQL
 * LISTEN/NOTIFY, or a local enqueue on SQLite) it publishes {@link Addresses#JOBS_READY} so idle
 * executors ask again.
 */
public final class DispatchVerticle extends VerticleBase {
  private final JobStore store;
  private final int maxBatch;

  public DispatchVerticle(JobStore store, int maxBatch) {
    this.store = store;
    this.maxBatch = maxBatch;
  }

  @Override
  public Future<?> start() {
    JobBatch.registerCodec(vertx);
    store.onJobsReady(() -> vertx.eventBus().publish(Addresses.JOBS_READY, null));
    return vertx
        .eventBus()
        .<JsonObject>localConsumer(Addresses.DISPATCH, this::dispatch)
        .completion();
  }

  private void dispatch(Message<JsonObject> message) {
    JsonObject body = message.body();
    DequeueRequest request =
        new DequeueRequest(
            body.getLong("worker"),
            body.getJsonArray("queues").stream().map(String::valueOf).toList(),
            body.getJsonArray("tasks").stream().map(String::valueOf).toList(),
            Math.min(body.getInteger("limit"), maxBatch));
    store
        .dequeue(request)
        .onSuccess(jobs -> message.reply(new JobBatch(jobs, request.limit())))
        .onFailure(e -> message.fail(503, e.getMessage()));
  }
}
