package io.taskbus.events;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.audit.AuditLog;
import io.taskbus.audit.AuditPage;
import io.taskbus.audit.AuditQuery;
import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.DequeueRequest;
import io.taskbus.job.Handoff;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.taskbus.job.NewJob;
import io.taskbus.job.RepairPolicy;
import io.taskbus.job.RetryOptions;
import io.taskbus.job.WorkerInfo;
import io.taskbus.stream.StreamFollower;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.pg.PgStreamStore;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.support.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job events, run against every backend: each change of a job is in the {@code jobs} stream with
 * the whole record, in the order of the changes, written with the change or not at all.
 */
public abstract class JobEventsContract {
  protected static final String NODE = "node-under-test";
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  protected Vertx vertx;
  protected JobStore store;
  protected StreamStore streams;

  /** A store whose events name {@link #NODE}. */
  protected abstract JobStore createStore(Vertx vertx, MutableClock clock);

  /** The durable streams in the same database as {@link #store}. */
  protected abstract StreamStore streamsOf(JobStore store);

  /** Inserts a job and rolls the transaction back, through the database itself. */
  protected abstract void enqueueAndRollBack();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    store = createStore(vertx, clock);
    await(store.start());
    streams = streamsOf(store);
    await(streams.start());
  }

  @AfterEach
  void stop() {
    await(streams.close());
    await(store.close());
    await(vertx.close());
  }

  protected List<JsonObject> events() {
    return await(streams.read("jobs", 0, 10_000)).stream()
        .map(m -> new JsonObject(m.payload().toString(StandardCharsets.UTF_8)))
        .toList();
  }

  private List<String> names(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("event")).toList();
  }

  protected long worker() {
    return await(store.registerWorker(new WorkerInfo("host", 1, new JsonObject())));
  }

  private Job dequeueOne(long worker) {
    return await(store.dequeue(new DequeueRequest(worker, List.of("default"), List.of("t"), 1)))
        .get(0);
  }

  /** The event's record, read back as a job, equals the job as the store reports it. */
  private static void assertSameJob(Job expected, JsonObject event) {
    assertEquals(
        expected.toJson().encodePrettily(),
        Job.fromJson(event.getJsonObject("job")).toJson().encodePrettily());
  }

  @Test
  void a_finished_job_has_enqueued_started_finished_with_the_whole_record() {
    long id =
        await(
                store.enqueue(
                    List.of(NewJob.of("t", 1, "two").withNotes(new JsonObject().put("k", "v")))))
            .get(0);
    Job enqueued = await(store.job(id)).orElseThrow();
    long worker = worker();
    clock.advance(Duration.ofSeconds(1));
    Job started = dequeueOne(worker);
    clock.advance(Duration.ofSeconds(1));
    await(
        store.complete(
            List.of(Completion.finished(started, new JsonObject().put("ok", true))),
            Backoff.MINION));
    Job finished = await(store.job(id)).orElseThrow();

    List<JsonObject> events = events();
    assertEquals(List.of("enqueued", "started", "finished"), names(events));
    assertSameJob(enqueued, events.get(0));
    assertSameJob(started, events.get(1));
    assertSameJob(finished, events.get(2));
    for (JsonObject event : events) {
      assertEquals(NODE, event.getString("node"));
      assertTrue(
          Instant.parse(event.getString("at")).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }
    List<StreamMessage> stored = await(streams.read("jobs", 0, 10));
    assertEquals("jobs/default/t/" + id, stored.get(0).topic());
    assertEquals(List.of(1L, 2L, 3L), stored.stream().map(StreamMessage::offset).toList());
  }

  @Test
  void a_job_started_in_its_own_enqueue_has_enqueued_then_started() {
    long worker = worker();
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(NewJob.of("t", 1), NewJob.of("t", 2).withQueue("other")),
                new DequeueRequest(worker, List.of("default"), List.of("t"), 1)));
    long started = handoff.ids().get(0);
    long waiting = handoff.ids().get(1);
    assertEquals(List.of(started), handoff.taken().stream().map(Job::id).toList());

    List<JsonObject> ofStarted = eventsOf(started);
    assertEquals(List.of("enqueued", "started"), names(ofStarted));
    Job asEnqueued = Job.fromJson(ofStarted.get(0).getJsonObject("job"));
    assertEquals(JobState.INACTIVE, asEnqueued.state());
    assertNull(asEnqueued.worker());
    assertNull(asEnqueued.started());
    assertEquals(new JsonArray().add(1), asEnqueued.args());
    assertSameJob(await(store.job(started)).orElseThrow(), ofStarted.get(1));
    List<JsonObject> ofWaiting = eventsOf(waiting);
    assertEquals(List.of("enqueued"), names(ofWaiting));
    assertSameJob(await(store.job(waiting)).orElseThrow(), ofWaiting.get(0));
  }

  private List<JsonObject> eventsOf(long job) {
    return events().stream().filter(e -> e.getJsonObject("job").getLong("id") == job).toList();
  }

  @Test
  void failures_retries_notes_and_removal_each_have_their_event() {
    long id = await(store.enqueue(List.of(NewJob.of("t").withAttempts(2)))).get(0);
    long worker = worker();
    Job first = dequeueOne(worker);
    await(store.complete(List.of(Completion.failed(first, "boom")), retries -> Duration.ZERO));
    await(store.note(id, new JsonObject().put("progress", 50)));
    Job second = dequeueOne(worker);
    await(store.complete(List.of(Completion.failed(second, "boom again")), Backoff.MINION));
    Job failed = await(store.job(id)).orElseThrow();
    assertEquals(JobState.FAILED, failed.state());
    assertTrue(await(store.retry(id, failed.retries(), RetryOptions.NONE)));
    assertTrue(await(store.remove(id)));

    List<JsonObject> events = events();
    assertEquals(
        List.of(
            "enqueued",
            "started",
            "failed",
            "retried",
            "note",
            "started",
            "failed",
            "retried",
            "removed"),
        names(events));
    assertEquals("boom", events.get(2).getJsonObject("job").getValue("result"));
    assertEquals(
        50, events.get(4).getJsonObject("job").getJsonObject("notes").getInteger("progress"));
    assertEquals("inactive", events.get(8).getJsonObject("job").getString("state"));
    assertEquals(2, events.get(8).getJsonObject("job").getInteger("retries"));
  }

  @Test
  void purged_and_expired_jobs_keep_their_history() {
    long done = await(store.enqueue(List.of(NewJob.of("t")))).get(0);
    long expiring =
        await(store.enqueue(List.of(NewJob.of("other").withExpire(Duration.ofMinutes(1))))).get(0);
    long worker = worker();
    await(store.complete(List.of(Completion.finished(dequeueOne(worker), "ok")), Backoff.MINION));
    repairThreeDaysLater(worker);
    assertTrue(await(store.job(done)).isEmpty());
    assertTrue(await(store.job(expiring)).isEmpty());

    List<JsonObject> events = events();
    assertEquals(
        List.of("enqueued", "enqueued", "started", "finished", "purged", "expired"), names(events));
    assertEquals(done, events.get(4).getJsonObject("job").getLong("id"));
    assertEquals("finished", events.get(4).getJsonObject("job").getString("state"));
    assertEquals(expiring, events.get(5).getJsonObject("job").getLong("id"));
  }

  @Test
  void text_that_needs_escaping_and_every_kind_of_field_survive_in_the_record() {
    String task = "say \"hi\"\\ \n\tü 😀 </script>";
    String queue = "queue \"q\"";
    long parent = await(store.enqueue(List.of(NewJob.of("t")))).get(0);
    await(store.complete(List.of(Completion.finished(dequeueOne(worker()), null)), Backoff.MINION));
    JsonObject notes =
        new JsonObject().put("quote\"key", "line\nbreak").put("nested", new JsonArray().add(1.5));
    long id =
        await(
                store.enqueue(
                    List.of(
                        NewJob.of(task, "a\"b", new JsonObject().put("x", (Object) null), -7)
                            .withQueue(queue)
                            .withPriority(-3)
                            .withAttempts(3)
                            .withNotes(notes)
                            .withExpire(Duration.ofHours(1))
                            .withParents(List.of(parent), true))))
            .get(0);
    long worker = worker();
    Job started =
        await(store.dequeue(new DequeueRequest(worker, List.of(queue), List.of(task), 1))).get(0);
    await(
        store.complete(
            List.of(Completion.finished(started, new JsonArray().add("done \"ok\"").add(false))),
            Backoff.MINION));

    List<JsonObject> events = eventsOf(id);
    assertEquals(List.of("enqueued", "started", "finished"), names(events));
    assertSameJob(started, events.get(1));
    assertSameJob(await(store.job(id)).orElseThrow(), events.get(2));
    assertEquals(task, events.get(2).getJsonObject("job").getString("task"));
  }

  @Test
  void children_and_parents_are_in_the_record() {
    long parent = await(store.enqueue(List.of(NewJob.of("t")))).get(0);
    long child =
        await(store.enqueue(List.of(NewJob.of("t").withParents(List.of(parent), false)))).get(0);
    dequeueOne(worker());
    List<JsonObject> events = events();
    assertEquals(
        List.of(parent),
        events.get(1).getJsonObject("job").getJsonArray("parents").getList().stream()
            .map(n -> ((Number) n).longValue())
            .toList());
    JsonObject started = events.get(2).getJsonObject("job");
    assertEquals(parent, started.getLong("id"));
    assertEquals(
        List.of(child),
        started.getJsonArray("children").getList().stream()
            .map(n -> ((Number) n).longValue())
            .toList());
  }

  @Test
  void one_statement_changing_jobs_with_and_without_children_gives_each_its_own() {
    List<Long> ids = await(store.enqueue(List.of(NewJob.of("t"), NewJob.of("t"))));
    long parent = ids.get(0);
    long loner = ids.get(1);
    long child =
        await(store.enqueue(List.of(NewJob.of("t").withParents(List.of(parent), false)))).get(0);
    List<Job> started =
        await(store.dequeue(new DequeueRequest(worker(), List.of("default"), List.of("t"), 10)));
    assertEquals(List.of(parent, loner), started.stream().map(Job::id).toList());
    await(store.complete(started.stream().map(j -> Completion.finished(j, "ok")).toList(), null));
    assertTrue(await(store.remove(parent)));
    assertTrue(await(store.remove(loner)));

    Map<String, List<Long>> children = new HashMap<>();
    for (JsonObject event : events()) {
      JsonObject job = event.getJsonObject("job");
      children.put(
          job.getLong("id") + ":" + event.getString("event"),
          job.getJsonArray("children").getList().stream()
              .map(n -> ((Number) n).longValue())
              .toList());
    }
    for (String change : List.of("started", "finished", "removed")) {
      assertEquals(List.of(child), children.get(parent + ":" + change), "parent " + change);
      assertEquals(List.of(), children.get(loner + ":" + change), "loner " + change);
    }
  }

  /**
   * A node's live feed reads the stream through a follower, which may skip what it has already
   * read; what it gives must be what a resuming reader gets, from any start and in pages of any
   * size, across every kind of change: retries that change the job's fields, notes, removal,
   * purges, expiry, jobs started in their own enqueue, parents and children.
   */
  @Test
  void a_follower_reads_what_a_resuming_reader_reads_byte_for_byte() {
    long worker = worker();
    long parent = await(store.enqueue(List.of(NewJob.of("t", "p")))).get(0);
    long child =
        await(store.enqueue(List.of(NewJob.of("t", "c").withParents(List.of(parent), false))))
            .get(0);
    long retried =
        await(store.enqueue(List.of(NewJob.of("t", "r").withAttempts(1).withPriority(2)))).get(0);
    long removedFailed = await(store.enqueue(List.of(NewJob.of("t", "f").withAttempts(1)))).get(0);
    await(
        store.enqueue(
            List.of(
                NewJob.of("t", "e")
                    .withDelay(Duration.ofHours(1))
                    .withExpire(Duration.ofMinutes(90)))));
    Handoff handoff =
        await(
            store.enqueueAndDequeue(
                List.of(NewJob.of("t", "own")),
                new DequeueRequest(worker, List.of("default"), List.of("t"), 1)));
    List<Job> running =
        await(store.dequeue(new DequeueRequest(worker, List.of("default"), List.of("t"), 10)));
    await(store.note(parent, new JsonObject().put("progress", 1)));
    List<Completion> done = new ArrayList<>();
    for (Job job : running) {
      done.add(
          job.id() == retried || job.id() == removedFailed
              ? Completion.failed(job, "boom")
              : Completion.finished(job, "ok"));
    }
    for (Job job : handoff.taken()) {
      done.add(Completion.finished(job, new JsonObject().put("n", 1.50)));
    }
    await(store.complete(done, retries -> Duration.ZERO));
    Job failed = await(store.job(retried)).orElseThrow();
    await(
        store.retry(
            retried,
            failed.retries(),
            new RetryOptions(null, 3, 9, "other", List.of(parent), true, Duration.ofHours(1))));
    await(store.note(retried, new JsonObject().put("k", "v")));
    Job again =
        await(store.dequeue(new DequeueRequest(worker, List.of("other"), List.of("t"), 1))).get(0);
    await(store.note(retried, new JsonObject().put("k", (Object) null)));
    await(store.complete(List.of(Completion.failed(again, "again")), retries -> Duration.ZERO));
    await(store.remove(retried));
    await(store.remove(removedFailed));
    await(store.remove(child));
    repairThreeDaysLater(worker);

    List<StreamMessage> stored = await(streams.read("jobs", 0, 10_000));
    assertTrue(stored.size() > 20, "events: " + stored.size());
    for (int start : List.of(0, 3, 7)) {
      for (int pageSize : List.of(1, 2, 5, 500)) {
        StreamFollower follower = streams.follower("jobs");
        List<String> followed = new ArrayList<>();
        long last = start;
        for (List<StreamMessage> page = await(follower.read(last, pageSize));
            !page.isEmpty();
            page = await(follower.read(last, pageSize))) {
          for (StreamMessage m : page) {
            followed.add(asText(m));
            last = m.offset();
          }
        }
        assertEquals(
            stored.subList(start, stored.size()).stream().map(JobEventsContract::asText).toList(),
            followed,
            "from " + start + " in pages of " + pageSize);
      }
    }
    // A follower sent back to an earlier offset reads it as a resuming reader does.
    StreamFollower follower = streams.follower("jobs");
    await(follower.read(0, 10_000));
    assertEquals(
        stored.subList(4, stored.size()).stream().map(JobEventsContract::asText).toList(),
        await(follower.read(4, 10_000)).stream().map(JobEventsContract::asText).toList());
  }

  /** Three days on, with {@code worker} alive: finished jobs are purged, expired ones dropped. */
  private void repairThreeDaysLater(long worker) {
    clock.advance(Duration.ofDays(3));
    await(store.heartbeat(worker, new JsonObject()));
    await(
        store.repair(
            new RepairPolicy(Duration.ofDays(10), Duration.ofDays(1), Duration.ofDays(10)),
            Backoff.MINION));
  }

  protected static String asText(StreamMessage m) {
    return m.offset()
        + " "
        + m.topic()
        + " "
        + m.time()
        + " "
        + m.sender()
        + " "
        + m.payload().toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_change_that_rolls_back_writes_no_event_and_leaves_no_gap() {
    await(store.enqueue(List.of(NewJob.of("t"))));
    enqueueAndRollBack();
    await(store.enqueue(List.of(NewJob.of("t"), NewJob.of("t"))));
    List<StreamMessage> stored = await(streams.read("jobs", 0, 10));
    assertEquals(List.of(1L, 2L, 3L), stored.stream().map(StreamMessage::offset).toList());
    assertEquals(3, events().size());
  }

  private AuditLog audit() {
    return streams instanceof PgStreamStore pg ? pg.audit() : ((SqliteStreamStore) streams).audit();
  }

  protected List<String> audited(AuditQuery query) {
    return await(audit().events(query)).events().stream()
        .map(e -> e.event().getJsonObject("job").getLong("id") + ":" + e.event().getString("event"))
        .toList();
  }

  protected static AuditQuery query(
      Long job, String task, String queue, String state, String event) {
    return new AuditQuery(job, task, queue, state, event, null, null, 0, 100);
  }

  @Test
  void the_audit_log_answers_by_job_task_queue_state_and_event_after_purges() {
    long a = await(store.enqueue(List.of(NewJob.of("t").withQueue("q1")))).get(0);
    long b = await(store.enqueue(List.of(NewJob.of("odd/task name").withQueue("q2")))).get(0);
    long worker = worker();
    Job started =
        await(store.dequeue(new DequeueRequest(worker, List.of("q1"), List.of("t"), 1))).get(0);
    await(store.complete(List.of(Completion.finished(started, "done")), Backoff.MINION));
    repairThreeDaysLater(worker);
    assertTrue(await(store.job(a)).isEmpty(), "purged");

    assertEquals(
        List.of(a + ":enqueued", a + ":started", a + ":finished", a + ":purged"),
        audited(query(a, null, null, null, null)));
    assertEquals(List.of(b + ":enqueued"), audited(query(null, "odd/task name", null, null, null)));
    assertEquals(List.of(), audited(query(null, "task", null, null, null)));
    assertEquals(List.of(b + ":enqueued"), audited(query(null, null, "q2", null, null)));
    assertEquals(
        List.of(a + ":finished", a + ":purged"),
        audited(query(null, null, null, "finished", null)));
    assertEquals(List.of(a + ":purged"), audited(query(null, null, "q1", null, "purged")));

    List<String> paged = new ArrayList<>();
    long after = 0;
    while (true) {
      AuditPage page =
          await(audit().events(new AuditQuery(null, null, null, null, null, null, null, after, 2)));
      page.events().forEach(e -> paged.add(e.offset() + ""));
      if (page.next() == null) {
        break;
      }
      after = page.next();
    }
    assertEquals(List.of("1", "2", "3", "4", "5"), paged);

    Instant later = Instant.now().plusSeconds(3600);
    assertEquals(
        List.of(), audited(new AuditQuery(null, null, null, null, null, later, null, 0, 100)));
    assertEquals(
        5, audited(new AuditQuery(null, null, null, null, null, null, later, 0, 100)).size());
  }

  @Test
  void listeners_hear_of_committed_events() {
    AtomicInteger heard = new AtomicInteger();
    store.onJobsChanged(heard::incrementAndGet);
    await(store.enqueue(List.of(NewJob.of("t"))));
    io.taskbus.support.Await.until(() -> heard.get() > 0, 10);
  }
}
