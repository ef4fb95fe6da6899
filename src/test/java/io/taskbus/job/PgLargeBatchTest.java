package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A large batch on a connection that has so far run small ones. The job-event trigger's plan is
 * cached per connection, and one made for one-row statements joined the statement's old and new
 * rows in a nested loop: a completion batch of tens of thousands of jobs (results piled up behind a
 * slow database) then took minutes, during which the batch behind it grew. With one connection,
 * every statement here shares one plan cache.
 */
class PgLargeBatchTest {
  private static final int JOBS = 30_000;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private Vertx vertx;
  private String url;
  private JobStore store;

  @BeforeEach
  void startStore() {
    vertx = Vertx.vertx();
    url = TestPostgres.freshDatabase();
    store = new PgJobStore(vertx, url, 1, clock);
    await(store.start());
  }

  @AfterEach
  void stopStore() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void a_large_batch_after_small_ones_is_dequeued_and_completed_in_one_statement_each() {
    long worker = await(store.registerWorker(new WorkerInfo("host", 1, new JsonObject())));
    for (int i = 0; i < JOBS; i += 1000) {
      List<NewJob> batch = new ArrayList<>();
      for (int j = i; j < i + 1000; j++) {
        batch.add(NewJob.of("echo", j));
      }
      await(store.enqueue(batch));
    }
    for (int i = 0; i < 8; i++) {
      Job one = dequeue(worker, 1).get(0);
      await(store.complete(List.of(Completion.finished(one, null)), Backoff.MINION));
    }

    List<Job> rest = dequeue(worker, JOBS);
    assertEquals(JOBS - 8, rest.size());
    List<Completion> done = rest.stream().map(job -> Completion.finished(job, null)).toList();
    assertEquals(JOBS - 8, await(store.complete(done, Backoff.MINION)));

    assertEquals(JOBS, await(store.stats()).finishedJobs());
  }

  /** A migration that replaces one of these functions must set these again (V11, V12; V13 did). */
  @Test
  void the_event_functions_keep_their_plan_settings() {
    SqlClient client = PgBuilder.client().connectingTo(url).using(vertx).build();
    try {
      Map<String, List<String>> settings = new HashMap<>();
      for (Row row :
          await(
              client
                  .query(
                      "SELECT proname, proconfig FROM pg_proc WHERE proname IN"
                          + " ('taskbus_jobs_inserted_events', 'taskbus_jobs_updated_events',"
                          + " 'taskbus_jobs_deleted_events')")
                  .execute())) {
        String[] config = row.getArrayOfStrings(1);
        settings.put(row.getString(0), config == null ? List.of() : List.of(config));
      }
      String generic = "plan_cache_mode=force_generic_plan";
      assertEquals(
          Map.of(
              "taskbus_jobs_inserted_events", List.of(generic),
              "taskbus_jobs_updated_events", List.of("enable_nestloop=off", generic),
              "taskbus_jobs_deleted_events", List.of(generic)),
          settings);
    } finally {
      await(client.close());
    }
  }

  private List<Job> dequeue(long worker, int limit) {
    return await(
        store.dequeue(new DequeueRequest(worker, List.of("default"), List.of("echo"), limit)));
  }
}
