package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.job.Backoff;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.taskbus.job.NewJob;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RepairReport;
import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled repair passes search for stuck jobs once per hundredth of {@code repair.stuck-after},
 * the passes between skip that search, and a pass asked for (the HTTP API's) always makes it.
 */
class RepairScheduleTest {
  private static final Duration INTERVAL = Duration.ofMillis(50);
  // One search per 400 ms: a hundredth of it.
  private static final Duration STUCK_AFTER = Duration.ofSeconds(40);

  private record Pass(long nanos, boolean searched) {}

  private Vertx vertx;
  private final MutableClock clock = new MutableClock();
  private final List<Pass> passes = new CopyOnWriteArrayList<>();
  private JobStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    JobStore sqlite = new SqliteJobStore(vertx, ":memory:", clock);
    await(sqlite.start());
    // Records each pass the verticle asks the store for, then makes it.
    store =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("repair")) {
                    RepairPolicy policy = (RepairPolicy) args[0];
                    passes.add(new Pass(System.nanoTime(), policy.searchesStuckJobs()));
                  }
                  try {
                    return method.invoke(sqlite, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @AfterEach
  void stop() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void scheduled_passes_search_for_stuck_jobs_once_per_hundredth_of_stuck_after() throws Exception {
    RepairVerticle repair =
        new RepairVerticle(
            store,
            new RepairPolicy(Duration.ofMinutes(5), Duration.ofDays(2), STUCK_AFTER),
            Backoff.MINION,
            INTERVAL);
    await(vertx.deployVerticle(repair));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (passes.stream().filter(Pass::searched).count() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Pass> seen = List.copyOf(passes);
    assertTrue(seen.get(0).searched(), "the first scheduled pass searches");
    List<Pass> searched = seen.stream().filter(Pass::searched).toList();
    assertEquals(3, searched.size(), "searches again once its time has come: " + seen);
    long window = STUCK_AFTER.toNanos() / 100;
    for (int i = 1; i < searched.size(); i++) {
      long apart = searched.get(i).nanos() - searched.get(i - 1).nanos();
      // The verticle reads its clock a moment before it asks the store.
      assertTrue(
          apart > window - Duration.ofMillis(20).toNanos(), "searches " + apart + " ns apart");
    }
    assertTrue(
        seen.size() - searched.size() >= 4,
        "the passes between skip the search: " + seen.size() + " passes");
  }

  @Test
  void a_pass_asked_for_always_searches() {
    RepairVerticle repair =
        new RepairVerticle(
            store,
            new RepairPolicy(Duration.ofMinutes(5), Duration.ofDays(2), STUCK_AFTER),
            Backoff.MINION,
            Duration.ofHours(1));
    await(vertx.deployVerticle(repair));
    long id = await(store.enqueue(List.of(NewJob.of("waits", 1)))).get(0);
    clock.advance(STUCK_AFTER.plusSeconds(1));

    RepairReport first = await(repair.repair());
    RepairReport again = await(repair.repair());

    assertEquals(1, first.stuckJobs());
    assertEquals(0, again.stuckJobs());
    assertEquals(JobState.FAILED, await(store.job(id)).orElseThrow().state());
    assertFalse(passes.isEmpty());
    assertTrue(passes.stream().allMatch(Pass::searched), "every pass asked for searched");
  }
}
