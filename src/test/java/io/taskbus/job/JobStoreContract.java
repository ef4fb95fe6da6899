package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link JobStore}, run against every backend. */
public abstract class JobStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  protected Vertx vertx;
  protected JobStore store;
  private static final Backoff TEN_SECONDS = retries -> Duration.ofSeconds(10);

  protected abstract JobStore createStore(Vertx vertx, MutableClock clock);

  @BeforeEach
  void startStore() {
    vertx = Vertx.vertx();
    store = createStore(vertx, clock);
    await(store.start());
  }

  @AfterEach
  void stopStore() {
    await(store.close());
    await(vertx.close());
  }

  long enqueue(NewJob job) {
    return await(store.enqueue(List.of(job))).get(0);
  }

  long worker() {
    return await(store.registerWorker(new WorkerInfo("host", 1, new JsonObject())));
  }

  List<Job> dequeue(long worker, int limit, String... tasks) {
    return await(
        store.dequeue(new DequeueRequest(worker, List.of("default"), List.of(tasks), limit)));
  }

  Job job(long id) {
    return await(store.job(id)).orElseThrow();
  }

  @Test
  void enqueue_stores_the_job_with_minion_defaults() {
    long id = enqueue(NewJob.of("echo", 1, "two"));
    Job job = job(id);
    assertEquals("echo", job.task());
    assertEquals(new JsonArray().add(1).add("two"), job.args());
    assertEquals("default", job.queue());
    assertEquals(JobState.INACTIVE, job.state());
    assertEquals(0, job.priority());
    assertEquals(1, job.attempts());
    assertEquals(0, job.retries());
    assertEquals(clock.instant(), job.created());
    assertEquals(clock.instant(), job.delayed());
    assertNull(job.result());
    assertTrue(await(store.job(id + 1000)).isEmpty());
  }

  @Test
  void enqueue_of_a_batch_answers_ids_in_the_order_given() {
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(NewJob.of("echo", i));
    }
    List<Long> ids = await(store.enqueue(batch));
    assertEquals(50, ids.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(i, job(ids.get(i)).args().getInteger(0));
    }
  }

  @Test
  void dequeue_prefers_higher_priority_then_older_jobs() {
    long low = enqueue(NewJob.of("echo").withPriority(-1));
    long first = enqueue(NewJob.of("echo"));
    long high = enqueue(NewJob.of("echo").withPriority(5));
    long second = enqueue(NewJob.of("echo"));
    List<Job> jobs = dequeue(worker(), 10, "echo");
    assertEquals(List.of(high, first, second, low), jobs.stream().map(Job::id).toList());
    assertTrue(jobs.stream().allMatch(j -> j.state() == JobState.ACTIVE));
  }

  @Test
  void enqueue_and_dequeue_takes_for_the_worker_what_a_dequeue_would_in_one_transaction() {
    long older = enqueue(NewJob.of("echo").withPriority(-1));
    long worker = worker();
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(
                    NewJob.of("echo", "new").withPriority(3),
                    NewJob.of("echo").withQueue("other"),
                    NewJob.of("echo").withDelay(Duration.ofMinutes(1)),
                    NewJob.of("unknown")),
                new DequeueRequest(worker, List.of("default"), List.of("echo"), 1)));
    assertEquals(4, handoff.ids().size());
    long fresh = handoff.ids().get(0);
    assertEquals(List.of(fresh), handoff.taken().stream().map(Job::id).toList());
    Job taken = job(fresh);
    assertEquals(JobState.ACTIVE, taken.state());
    assertEquals(worker, taken.worker());
    assertEquals(new JsonArray().add("new"), handoff.taken().get(0).args());
    for (long id : handoff.ids().subList(1, 4)) {
      assertEquals(JobState.INACTIVE, job(id).state());
    }
    assertEquals(List.of(older), dequeue(worker, 10, "echo").stream().map(Job::id).toList());
  }

  @Test
  void enqueue_and_dequeue_with_nothing_older_ready_starts_new_jobs_by_priority_then_order() {
    long worker = worker();
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(
                    NewJob.of("echo", "a"),
                    NewJob.of("echo", "b").withPriority(5),
                    NewJob.of("echo").withQueue("other").withPriority(9),
                    NewJob.of("echo").withDelay(Duration.ofMinutes(1)).withPriority(9),
                    NewJob.of("echo", "c").withPriority(5),
                    NewJob.of("echo", "d").withExpire(Duration.ofMinutes(1))),
                new DequeueRequest(worker, List.of("default"), List.of("echo"), 2)));
    List<Long> ids = handoff.ids();
    assertEquals(6, ids.size());
    assertEquals(List.of(ids.get(1), ids.get(4)), handoff.taken().stream().map(Job::id).toList());
    for (Job taken : handoff.taken()) {
      assertEquals(job(taken.id()).toJson(), taken.toJson());
      assertEquals(JobState.ACTIVE, taken.state());
      assertEquals(worker, taken.worker());
      assertEquals(clock.instant(), taken.started());
    }
    for (int i : List.of(0, 2, 3, 5)) {
      assertEquals(JobState.INACTIVE, job(ids.get(i)).state());
      assertNull(job(ids.get(i)).worker());
    }
    assertTrue(handoff.leftReady());
    assertEquals(
        List.of(ids.get(0), ids.get(5)),
        dequeue(worker, 10, "echo").stream().map(Job::id).toList());
  }

  @Test
  void enqueue_and_dequeue_looks_for_older_jobs_on_every_queue_of_the_worker() {
    long older = enqueue(NewJob.of("echo").withQueue("second").withPriority(9));
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(NewJob.of("echo")),
                new DequeueRequest(worker(), List.of("default", "second"), List.of("echo"), 1)));
    assertEquals(List.of(older), handoff.taken().stream().map(Job::id).toList());
    assertEquals(JobState.INACTIVE, job(handoff.ids().get(0)).state());
  }

  @Test
  void enqueue_and_dequeue_starts_a_child_only_once_its_parents_allow() {
    long parent = enqueue(NewJob.of("parent"));
    long worker = worker();
    DequeueRequest forEcho = new DequeueRequest(worker, List.of("default"), List.of("echo"), 1);
    Handoff waiting =
        await(
            store.enqueueAndDequeue(
                List.of(NewJob.of("echo").withParents(List.of(parent), false)), forEcho));
    assertTrue(waiting.taken().isEmpty());
    long child = waiting.ids().get(0);
    Job running = dequeue(worker, 1, "parent").get(0);
    await(store.complete(List.of(Completion.finished(running, "done")), Backoff.MINION));
    Handoff after = await(store.enqueueAndDequeue(List.of(NewJob.of("echo")), forEcho));
    assertEquals(List.of(child), after.taken().stream().map(Job::id).toList());
    assertEquals(JobState.INACTIVE, job(after.ids().get(0)).state());
  }

  @Test
  void enqueue_and_dequeue_wakes_dispatchers_when_it_took_an_older_job_instead_of_the_new_one() {
    long older = enqueue(NewJob.of("echo").withPriority(9));
    java.util.concurrent.atomic.AtomicInteger woken =
        new java.util.concurrent.atomic.AtomicInteger();
    store.onJobsReady(woken::incrementAndGet);
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(NewJob.of("echo")),
                new DequeueRequest(worker(), List.of("default"), List.of("echo"), 1)));
    assertEquals(List.of(older), handoff.taken().stream().map(Job::id).toList());
    assertTrue(handoff.leftReady());
    assertEquals(1, woken.get());
  }

  @Test
  void dequeue_takes_only_known_tasks_on_served_queues() {
    enqueue(NewJob.of("echo").withQueue("other"));
    enqueue(NewJob.of("unknown"));
    long wanted = enqueue(NewJob.of("echo"));
    List<Job> jobs = dequeue(worker(), 10, "echo");
    assertEquals(List.of(wanted), jobs.stream().map(Job::id).toList());
  }

  @Test
  void delayed_jobs_wait_until_their_time() {
    long id = enqueue(NewJob.of("echo").withDelay(Duration.ofSeconds(30)));
    long worker = worker();
    assertTrue(dequeue(worker, 1, "echo").isEmpty());
    assertEquals(1, await(store.stats()).delayedJobs());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(id, dequeue(worker, 1, "echo").get(0).id());
  }

  @Test
  void no_job_is_handed_to_two_workers() {
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(NewJob.of("echo", i));
    }
    await(store.enqueue(batch));
    long a = worker();
    long b = worker();
    List<Future<List<Job>>> takes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      takes.add(
          store.dequeue(
              new DequeueRequest(i % 2 == 0 ? a : b, List.of("default"), List.of("echo"), 7)));
    }
    Set<Long> seen = new HashSet<>();
    int total = 0;
    for (Future<List<Job>> take : takes) {
      for (Job job : await(take)) {
        assertTrue(seen.add(job.id()), "job " + job.id() + " was handed out twice");
        total++;
      }
    }
    assertEquals(200, total);
  }

  @Test
  void children_wait_for_their_parents_to_finish() {
    long parent = enqueue(NewJob.of("parent"));
    long child = enqueue(NewJob.of("child").withParents(List.of(parent), false));
    long worker = worker();
    assertTrue(dequeue(worker, 1, "child").isEmpty());
    assertEquals(List.of(child), job(parent).children());
    Job running = dequeue(worker, 1, "parent").get(0);
    await(store.complete(List.of(Completion.finished(running, "done")), Backoff.MINION));
    assertEquals(child, dequeue(worker, 1, "child").get(0).id());
  }

  @Test
  void a_failed_parent_blocks_its_child_unless_lax() {
    long parent = enqueue(NewJob.of("parent"));
    long strict = enqueue(NewJob.of("child").withParents(List.of(parent), false));
    long lax = enqueue(NewJob.of("child").withParents(List.of(parent), true));
    long worker = worker();
    Job running = dequeue(worker, 1, "parent").get(0);
    await(store.complete(List.of(Completion.failed(running, "broken")), Backoff.MINION));
    List<Job> children = dequeue(worker, 10, "child");
    assertEquals(List.of(lax), children.stream().map(Job::id).toList());
    assertEquals(JobState.INACTIVE, job(strict).state());
  }

  @Test
  void expired_jobs_never_run_and_repair_removes_them() {
    long id = enqueue(NewJob.of("echo").withExpire(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    assertTrue(dequeue(worker(), 1, "echo").isEmpty());
    RepairReport report = await(store.repair(RepairPolicy.DEFAULT, Backoff.MINION));
    assertEquals(1, report.expiredJobs());
    assertTrue(await(store.job(id)).isEmpty());
  }

  @Test
  void a_failed_job_with_attempts_left_is_retried_after_backoff() {
    long id = enqueue(NewJob.of("echo").withAttempts(2));
    long worker = worker();
    Job first = dequeue(worker, 1, "echo").get(0);
    assertEquals(
        1, (int) await(store.complete(List.of(Completion.failed(first, "boom")), TEN_SECONDS)));
    Job retried = job(id);
    assertEquals(JobState.INACTIVE, retried.state());
    assertEquals(1, retried.retries());
    assertEquals("boom", retried.result());
    assertEquals(clock.instant().plusSeconds(10), retried.delayed());
    assertTrue(dequeue(worker, 1, "echo").isEmpty());
    clock.advance(Duration.ofSeconds(10));
    Job second = dequeue(worker, 1, "echo").get(0);
    await(store.complete(List.of(Completion.failed(second, "boom again")), TEN_SECONDS));
    assertEquals(JobState.FAILED, job(id).state());
    assertEquals("boom again", job(id).result());
  }

  @Test
  void minion_backoff_is_fifteen_seconds_plus_retries_to_the_fourth() {
    assertEquals(Duration.ofSeconds(15), Backoff.MINION.delay(0));
    assertEquals(Duration.ofSeconds(31), Backoff.MINION.delay(2));
  }

  @Test
  void a_stale_completion_changes_nothing() {
    long id = enqueue(NewJob.of("echo"));
    Job running = dequeue(worker(), 1, "echo").get(0);
    assertTrue(await(store.retry(id, 0, RetryOptions.NONE)));
    assertEquals(
        0, (int) await(store.complete(List.of(Completion.finished(running, 1)), Backoff.MINION)));
    assertEquals(JobState.INACTIVE, job(id).state());
    assertFalse(await(store.retry(id, 0, RetryOptions.NONE)), "retry guarded by retries");
  }

  @Test
  void finished_jobs_keep_any_json_result() {
    long id = enqueue(NewJob.of("echo"));
    Job running = dequeue(worker(), 1, "echo").get(0);
    JsonObject result = new JsonObject().put("ok", true).put("list", new JsonArray().add(1));
    await(store.complete(List.of(Completion.finished(running, result)), Backoff.MINION));
    Job done = job(id);
    assertEquals(JobState.FINISHED, done.state());
    assertEquals(result, done.result());
    assertEquals(clock.instant(), done.finished());
  }

  @Test
  void manual_retry_applies_new_options() {
    long id = enqueue(NewJob.of("echo"));
    Job running = dequeue(worker(), 1, "echo").get(0);
    await(store.complete(List.of(Completion.failed(running, "x")), Backoff.MINION));
    RetryOptions options =
        new RetryOptions(Duration.ofSeconds(5), 3, 9, "urgent", null, null, null);
    assertTrue(await(store.retry(id, 0, options)));
    Job job = job(id);
    assertEquals(JobState.INACTIVE, job.state());
    assertEquals(1, job.retries());
    assertEquals(3, job.attempts());
    assertEquals(9, job.priority());
    assertEquals("urgent", job.queue());
    assertEquals(clock.instant(), job.retried());
    assertEquals(clock.instant().plusSeconds(5), job.delayed());
  }

  @Test
  void remove_deletes_jobs_that_are_not_running() {
    long waiting = enqueue(NewJob.of("echo"));
    long running = enqueue(NewJob.of("other"));
    dequeue(worker(), 1, "other");
    assertTrue(await(store.remove(waiting)));
    assertFalse(await(store.remove(running)));
    assertFalse(await(store.remove(waiting)));
    assertTrue(await(store.job(waiting)).isEmpty());
  }

  @Test
  void notes_merge_and_null_removes_a_key() {
    long id = enqueue(NewJob.of("echo").withNotes(new JsonObject().put("a", 1).put("b", 2)));
    assertTrue(await(store.note(id, new JsonObject().put("b", (Object) null).put("c", "x"))));
    assertEquals(new JsonObject().put("a", 1).put("c", "x"), job(id).notes());
    assertFalse(await(store.note(id + 99, new JsonObject().put("a", 1))));
  }

  @Test
  void jobs_are_listed_newest_first_with_filters_and_paging() {
    long a = enqueue(NewJob.of("echo").withQueue("q1"));
    long b = enqueue(NewJob.of("echo").withNotes(new JsonObject().put("tag", 1)));
    long c = enqueue(NewJob.of("other"));
    JobPage all = await(store.jobs(JobFilter.all(2)));
    assertEquals(3, all.total());
    assertEquals(List.of(c, b), all.jobs().stream().map(Job::id).toList());
    JobPage echo =
        await(store.jobs(new JobFilter(null, null, List.of("echo"), null, null, null, 0, 10)));
    assertEquals(List.of(b, a), echo.jobs().stream().map(Job::id).toList());
    JobPage q1 =
        await(store.jobs(new JobFilter(null, List.of("q1"), null, null, null, null, 0, 10)));
    assertEquals(List.of(a), q1.jobs().stream().map(Job::id).toList());
    JobPage tagged =
        await(store.jobs(new JobFilter(null, null, null, null, List.of("tag"), null, 0, 10)));
    assertEquals(List.of(b), tagged.jobs().stream().map(Job::id).toList());
    JobPage inactive =
        await(
            store.jobs(
                new JobFilter(
                    List.of(JobState.INACTIVE), null, null, List.of(a, c), null, null, 1, 10)));
    assertEquals(2, inactive.total());
    assertEquals(List.of(a), inactive.jobs().stream().map(Job::id).toList());
  }

  @Test
  void jobs_are_listed_by_one_or_several_states() {
    enqueue(NewJob.of("echo"));
    enqueue(NewJob.of("echo"));
    long waiting = enqueue(NewJob.of("echo"));
    List<Job> running = dequeue(worker(), 2, "echo");
    await(
        store.complete(
            List.of(Completion.finished(running.get(0), 1), Completion.failed(running.get(1), 2)),
            Backoff.MINION));
    long finished = running.get(0).id();
    long failed = running.get(1).id();
    assertEquals(List.of(finished), ids(List.of(JobState.FINISHED)));
    assertEquals(List.of(failed), ids(List.of(JobState.FAILED)));
    assertEquals(List.of(waiting, failed), ids(List.of(JobState.FAILED, JobState.INACTIVE)));
    assertEquals(List.of(), ids(List.of(JobState.ACTIVE)));
  }

  private List<Long> ids(List<JobState> states) {
    return await(store.jobs(new JobFilter(states, null, null, null, null, null, 0, 10)))
        .jobs()
        .stream()
        .map(Job::id)
        .toList();
  }

  @Test
  void stats_and_history_count_jobs_by_state() {
    enqueue(NewJob.of("echo"));
    enqueue(NewJob.of("echo"));
    enqueue(NewJob.of("echo").withDelay(Duration.ofHours(1)));
    long worker = worker();
    List<Job> running = dequeue(worker, 2, "echo");
    await(
        store.complete(
            List.of(Completion.finished(running.get(0), 1), Completion.failed(running.get(1), 2)),
            Backoff.MINION));
    await(store.lock("l", Duration.ofMinutes(1), 1));
    Stats stats = await(store.stats());
    assertEquals(1, stats.inactiveJobs());
    assertEquals(1, stats.delayedJobs());
    assertEquals(1, stats.finishedJobs());
    assertEquals(1, stats.failedJobs());
    assertEquals(3, stats.enqueuedJobs());
    assertEquals(1, stats.inactiveWorkers());
    assertEquals(1, stats.activeLocks());
    List<HistoryPoint> history = await(store.history());
    assertEquals(24, history.size());
    HistoryPoint last = history.get(23);
    assertEquals(1, last.finishedJobs());
    assertEquals(1, last.failedJobs());
  }

  @Test
  void heartbeats_deliver_commands_once() {
    long a = worker();
    long b = worker();
    await(store.command(a, new WorkerCommand("jobs", new JsonArray().add(3))));
    assertEquals(2, (int) await(store.command(null, new WorkerCommand("pause", new JsonArray()))));
    List<WorkerCommand> inbox = await(store.heartbeat(a, new JsonObject()));
    assertEquals(List.of("jobs", "pause"), inbox.stream().map(WorkerCommand::command).toList());
    assertTrue(await(store.heartbeat(a, new JsonObject())).isEmpty());
    assertEquals(1, await(store.heartbeat(b, new JsonObject())).size());
  }

  @Test
  void a_heartbeat_of_an_unknown_worker_fails_plainly() {
    Throwable failure = io.taskbus.support.Await.failure(store.heartbeat(4242, new JsonObject()));
    assertTrue(failure instanceof UnknownWorkerException, failure.toString());
  }

  @Test
  void repair_fails_the_jobs_of_a_missing_worker_and_retries_them() {
    long id = enqueue(NewJob.of("echo").withAttempts(2));
    long lost = worker();
    long alive = worker();
    dequeue(lost, 1, "echo");
    assertEquals(List.of(id), await(store.workers()).get(0).jobs());
    clock.advance(Duration.ofMinutes(10));
    await(store.heartbeat(alive, new JsonObject()));
    RepairReport report =
        await(
            store.repair(
                new RepairPolicy(Duration.ofMinutes(5), Duration.ofDays(2), Duration.ofDays(2)),
                TEN_SECONDS));
    assertEquals(1, report.missingWorkers());
    assertEquals(1, report.abandonedJobs());
    Job job = job(id);
    assertEquals(JobState.INACTIVE, job.state());
    assertEquals("Worker went away", job.result());
    assertEquals(List.of(alive), await(store.workers()).stream().map(Worker::id).toList());
  }

  /** Purge and stuck-job limits of two days; see {@link #finishedAndWaitingThreeDays}. */
  private static final RepairPolicy TWO_DAYS =
      new RepairPolicy(Duration.ofDays(10), Duration.ofDays(2), Duration.ofDays(2));

  /** A job finished and one nobody runs, both three days ago: their ids, in that order. */
  private long[] finishedAndWaitingThreeDays() {
    long done = enqueue(NewJob.of("echo"));
    Job running = dequeue(worker(), 1, "echo").get(0);
    await(store.complete(List.of(Completion.finished(running, null)), Backoff.MINION));
    long waiting = enqueue(NewJob.of("nobody-knows-me"));
    clock.advance(Duration.ofDays(3));
    return new long[] {done, waiting};
  }

  @Test
  void repair_purges_old_finished_jobs_and_fails_stuck_ones() {
    long[] jobs = finishedAndWaitingThreeDays();
    RepairReport report = await(store.repair(TWO_DAYS, Backoff.MINION));
    assertEquals(1, report.purgedJobs());
    assertEquals(1, report.stuckJobs());
    assertTrue(await(store.job(jobs[0])).isEmpty());
    assertEquals(JobState.FAILED, job(jobs[1]).state());
    assertEquals("Job appears stuck in queue", job(jobs[1]).result());
  }

  @Test
  void a_pass_without_the_stuck_search_leaves_waiting_jobs_alone_but_purges() {
    long[] jobs = finishedAndWaitingThreeDays();

    RepairReport report = await(store.repair(TWO_DAYS.withoutStuckJobs(), Backoff.MINION));

    assertEquals(1, report.purgedJobs());
    assertEquals(0, report.stuckJobs());
    assertTrue(await(store.job(jobs[0])).isEmpty());
    assertEquals(JobState.INACTIVE, job(jobs[1]).state());
    assertEquals(1, await(store.repair(TWO_DAYS, Backoff.MINION)).stuckJobs());
  }

  @Test
  void locks_have_a_limit_and_expire() {
    assertTrue(await(store.lock("db", Duration.ofSeconds(10), 2)));
    assertTrue(await(store.lock("db", Duration.ofSeconds(10), 2)));
    assertFalse(await(store.lock("db", Duration.ofSeconds(10), 2)));
    assertTrue(await(store.unlock("db")));
    assertTrue(await(store.lock("db", Duration.ofSeconds(10), 2)));
    clock.advance(Duration.ofSeconds(11));
    assertFalse(await(store.unlock("db")));
    assertTrue(await(store.lock("db", Duration.ofSeconds(10), 1)));
    assertTrue(await(store.lock("other", Duration.ZERO, 1)), "zero duration only checks");
  }
}
