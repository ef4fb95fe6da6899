package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.Taskbus;
import io.taskbus.job.NewJob;
import io.taskbus.job.WorkerCommand;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker with more slots than one dispatch batch holds keeps taking batches while jobs wait: a
 * batch cut to the dispatch limit is a full batch, not a drained queue. Polling is an hour apart,
 * so only that keeps the backlog moving.
 */
class BacklogTest {
  private final Vertx vertx = Vertx.vertx();
  private Taskbus taskbus;

  @AfterEach
  void stop() {
    await(taskbus.close());
    await(vertx.close());
  }

  @Test
  void a_worker_with_more_slots_than_a_dispatch_batch_works_through_a_backlog() {
    taskbus =
        Nodes.start(
            vertx,
            Nodes.examples(),
            "sqlite::memory:",
            "worker.jobs",
            "20",
            "dispatch.batch",
            "5",
            "worker.poll-interval",
            "3600",
            "worker.heartbeat-interval",
            "0.2");
    await(taskbus.store().command(taskbus.workerId(), new WorkerCommand("pause", new JsonArray())));
    Await.until(() -> await(taskbus.store().workers()).get(0).status().getBoolean("paused"), 20);
    List<NewJob> backlog = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      backlog.add(NewJob.of("echo", i));
    }
    await(taskbus.enqueue(backlog));

    await(
        taskbus.store().command(taskbus.workerId(), new WorkerCommand("resume", new JsonArray())));

    Await.until(() -> finished() == 60, 20);
    assertEquals(0, await(taskbus.store().stats()).inactiveJobs());
  }

  private long finished() {
    return await(taskbus.store().stats()).finishedJobs();
  }
}
