package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.taskbus.job.WorkerInfo;
import io.taskbus.job.sqlite.SqliteJobStore;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enqueue path dequeues for an idle worker's offer in the enqueue's own transaction. */
class HandoffTest {
  private Vertx vertx;
  private JobStore store;
  private final IdleWorkers idleWorkers = new IdleWorkers();
  private long worker;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = new SqliteJobStore(vertx, ":memory:", Clock.systemUTC());
    await(store.start());
    await(vertx.deployVerticle(new EnqueueVerticle(store, idleWorkers)));
    worker = await(store.registerWorker(new WorkerInfo("host", 1, new JsonObject())));
  }

  @AfterEach
  void stop() {
    await(store.close());
    await(vertx.close());
  }

  private long enqueue(String task, String queue) {
    JsonObject reply =
        await(
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.ENQUEUE, new JsonObject().put("task", task).put("queue", queue)))
            .body();
    return reply.getLong("id");
  }

  private Promise<List<Job>> offer(String queue, int slots) {
    Promise<List<Job>> delivered = Promise.promise();
    IdleWorkers.Offer offer =
        new IdleWorkers.Offer(
            worker,
            List.of(queue),
            List.of("echo"),
            vertx.getOrCreateContext(),
            (reservation, jobs) -> {
              idleWorkers.settle(reservation, jobs.size());
              delivered.tryComplete(jobs);
            });
    idleWorkers.open(offer, slots);
    return delivered;
  }

  @Test
  void a_new_job_starts_for_the_idle_worker_when_its_enqueue_answers() {
    Promise<List<Job>> delivered = offer("default", 2);
    long id = enqueue("echo", "default");
    Job stored = await(store.job(id)).orElseThrow();
    assertEquals(JobState.ACTIVE, stored.state());
    assertEquals(worker, stored.worker());
    assertEquals(List.of(id), await(delivered.future()).stream().map(Job::id).toList());

    // One slot is left; then the offer is used up and the next job waits for a dequeue.
    enqueue("echo", "default");
    long next = enqueue("echo", "default");
    assertEquals(JobState.INACTIVE, await(store.job(next)).orElseThrow().state());
  }

  @Test
  void an_offer_is_kept_for_jobs_it_does_not_fit() {
    Promise<List<Job>> delivered = offer("other", 2);
    long elsewhere = enqueue("echo", "default");
    long unknown = enqueue("unknown", "other");
    assertEquals(JobState.INACTIVE, await(store.job(elsewhere)).orElseThrow().state());
    assertEquals(JobState.INACTIVE, await(store.job(unknown)).orElseThrow().state());
    assertFalse(delivered.future().isComplete());

    long fits = enqueue("echo", "other");
    assertEquals(List.of(fits), await(delivered.future()).stream().map(Job::id).toList());
  }
}
