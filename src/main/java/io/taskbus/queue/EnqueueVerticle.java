package io.taskbus.queue;

import io.taskbus.batch.GroupCommit;
import io.taskbus.job.Handoff;
import io.taskbus.job.JobStore;
import io.taskbus.job.NewJob;
import io.taskbus.job.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates and stores new jobs arriving on {@link Addresses#ENQUEUE}: JSON from HTTP and other
 * languages, or an {@link EnqueueBatch} built in Java. Concurrent requests are written together
 * (group commit), so one job per request still costs a fraction of a commit. Failure codes: 400 bad
 * input (body is the JSON error), 503 store unavailable.
 */
public final class EnqueueVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(EnqueueVerticle.class);
  private final JobStore store;
  private final IdleWorkers idleWorkers;
  private GroupCommit<NewJob, Long> commits;

  public EnqueueVerticle(JobStore store) {
    this(store, new IdleWorkers());
  }

  /** Dequeues for the idle workers among {@code idleWorkers} in the enqueue's transaction. */
  public EnqueueVerticle(JobStore store, IdleWorkers idleWorkers) {
    this.store = store;
    this.idleWorkers = idleWorkers;
  }

  @Override
  public Future<?> start() {
    commits = new GroupCommit<>(this::write, 1000);
    EnqueueBatch.registerCodec(vertx);
    return vertx.eventBus().<Object>consumer(Addresses.ENQUEUE, this::enqueue).completion();
  }

  private Future<List<Long>> write(List<NewJob> jobs) {
    IdleWorkers.Reservation reservation = idleWorkers.take(jobs);
    if (reservation == null) {
      return store.enqueue(jobs);
    }
    return store
        .enqueueAndDequeue(jobs, reservation.request())
        .onComplete(ar -> reservation.deliver(ar.succeeded() ? ar.result().taken() : List.of()))
        .map(Handoff::ids);
  }

  private void enqueue(Message<Object> message) {
    List<NewJob> jobs;
    try {
      jobs =
          message.body() instanceof EnqueueBatch batch
              ? batch.jobs()
              : JobRequest.parseMany(message.body());
    } catch (ValidationException e) {
      message.fail(400, e.toJson().encode());
      return;
    }
    boolean single = message.body() instanceof JsonObject body && !body.containsKey("jobs");
    commits
        .submit(jobs)
        .onSuccess(
            ids ->
                message.reply(
                    single
                        ? new JsonObject().put("id", ids.get(0))
                        : new JsonObject().put("ids", new JsonArray(ids))))
        .onFailure(
            e -> {
              log.warn("Enqueue failed: {}", e.getMessage());
              if (e instanceof StoreUnavailableException unavailable) {
                message.fail(503, new JsonObject().put("error", unavailable.forClients()).encode());
              } else {
                message.fail(500, new JsonObject().put("error", e.getMessage()).encode());
              }
            });
  }
}
