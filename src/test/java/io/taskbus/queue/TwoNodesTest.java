package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.JobFilter;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL share the queue: every job runs exactly once, none is lost, also
 * while a third node joins and then stops gracefully in the middle of the run.
 */
class TwoNodesTest {
  private static final int JOBS = 10_000;
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Taskbus> nodes = new ArrayList<>();
  private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final Map<Long, Long> ranOn = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    nodes.forEach(n -> await(n.close()));
    vertxes.forEach(v -> await(v.close()));
  }

  Taskbus node(String store) {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    TaskRegistry registry =
        new TaskRegistry()
            .addAsync(
                "count",
                job -> {
                  runs.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
                  ranOn.put(job.id(), job.job().worker());
                  return Future.succeededFuture(job.id());
                });
    Taskbus taskbus = Nodes.start(vertx, registry, store, "worker.jobs", "16");
    nodes.add(taskbus);
    return taskbus;
  }

  long finished(Taskbus taskbus) {
    return await(
            taskbus
                .store()
                .jobs(
                    new JobFilter(
                        List.of(JobState.FINISHED),
                        null,
                        List.of("count"),
                        null,
                        null,
                        null,
                        0,
                        1)))
        .total();
  }

  @Test
  void ten_thousand_jobs_on_two_nodes_run_exactly_once() {
    String store = TestPostgres.freshDatabase();
    Taskbus a = node(store);
    Taskbus b = node(store);
    List<NewJob> batch = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      batch.add(NewJob.of("count", i));
      if (batch.size() == 500) {
        ids.addAll(await((i % 2 == 0 ? a : b).enqueue(batch)));
        batch = new ArrayList<>();
      }
      if (i == JOBS / 2) {
        Taskbus c = node(store);
        Await.until(() -> ranOn.containsValue(c.workerId()), 30);
        await(c.close());
        nodes.remove(c);
      }
    }
    Await.until(() -> finished(a) == JOBS, 120);
    assertEquals(JOBS, ids.size());
    assertEquals(JOBS, runs.size(), "every job ran");
    List<Long> twice =
        runs.entrySet().stream()
            .filter(e -> e.getValue().get() != 1)
            .map(Map.Entry::getKey)
            .toList();
    assertTrue(twice.isEmpty(), "jobs that ran more than once: " + twice);
    assertTrue(
        ranOn.containsValue(a.workerId()) && ranOn.containsValue(b.workerId()),
        "both nodes worked");
    assertEquals(0, await(a.store().stats()).failedJobs());
  }
}
