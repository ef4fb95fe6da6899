package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.job.WorkerCommand;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node on SQLite in memory runs jobs end to end: enqueue, dispatch, execute, record. */
class QueueTest {
  private Vertx vertx;
  private Taskbus taskbus;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<Thread> blockedThread = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    TaskRegistry registry =
        Nodes.examples()
            .add(
                "blocking-add",
                job -> {
                  if (io.vertx.core.Context.isOnEventLoopThread()) {
                    throw new IllegalStateException("ran on an event loop");
                  }
                  return job.args().getInteger(0) + job.args().getInteger(1);
                })
            .add(
                "wait-for-release",
                job -> {
                  blockedThread.set(Thread.currentThread());
                  release.await();
                  return "released";
                })
            .add("note-progress", job -> await(job.note(new JsonObject().put("progress", 100))));
    taskbus = Nodes.start(vertx, registry, "sqlite::memory:", "worker.heartbeat-interval", "0.2");
  }

  @AfterEach
  void stop() {
    release.countDown();
    await(taskbus.close());
    await(vertx.close());
  }

  Job waitFor(long id, JobState state) {
    Await.until(() -> await(taskbus.job(id)).map(j -> j.state() == state).orElse(false), 20);
    return await(taskbus.job(id)).orElseThrow();
  }

  @Test
  void echo_finishes_with_its_arguments_as_result() {
    long id = await(taskbus.enqueue(NewJob.of("echo", "hello", 42)));
    Job job = waitFor(id, JobState.FINISHED);
    assertEquals(new JsonArray().add("hello").add(42), job.result());
    assertEquals(taskbus.workerId(), job.worker());
  }

  @Test
  void blocking_tasks_run_off_the_event_loop() {
    long id = await(taskbus.enqueue(NewJob.of("blocking-add", 2, 3)));
    assertEquals(5, waitFor(id, JobState.FINISHED).result());
  }

  @Test
  void fail_records_the_message_and_retries_as_attempts_allow() {
    long once = await(taskbus.enqueue(NewJob.of("fail", "broken disk")));
    assertEquals("broken disk", waitFor(once, JobState.FAILED).result());
    long twice = await(taskbus.enqueue(NewJob.of("fail", "again").withAttempts(2)));
    Await.until(() -> await(taskbus.job(twice)).orElseThrow().retries() == 1, 20);
    Job retried = await(taskbus.job(twice)).orElseThrow();
    assertEquals(JobState.INACTIVE, retried.state());
    assertTrue(retried.delayed().isAfter(retried.retried()), "backoff delays the next attempt");
  }

  @Test
  void tasks_can_note_progress() {
    long id = await(taskbus.enqueue(NewJob.of("note-progress")));
    Job job = waitFor(id, JobState.FINISHED);
    assertEquals(100, job.notes().getInteger("progress"));
  }

  @Test
  void a_child_runs_after_its_parent() {
    List<Long> ids = await(taskbus.enqueue(List.of(NewJob.of("sleep", 200))));
    long child = await(taskbus.enqueue(NewJob.of("echo").withParents(List.of(ids.get(0)), false)));
    Job done = waitFor(child, JobState.FINISHED);
    Job parent = await(taskbus.job(ids.get(0))).orElseThrow();
    assertTrue(!done.started().isBefore(parent.finished()));
  }

  @Test
  void a_kill_command_fails_a_running_job() {
    long id = await(taskbus.enqueue(NewJob.of("wait-for-release")));
    waitFor(id, JobState.ACTIVE);
    await(
        taskbus
            .store()
            .command(taskbus.workerId(), new WorkerCommand("kill", new JsonArray().add(id))));
    Job killed = waitFor(id, JobState.FAILED);
    assertEquals("Job was killed by a remote command", killed.result());
  }

  @Test
  void a_paused_worker_takes_no_jobs_until_resumed() {
    await(taskbus.store().command(taskbus.workerId(), new WorkerCommand("pause", new JsonArray())));
    Await.until(() -> await(taskbus.store().workers()).get(0).status().getBoolean("paused"), 20);
    long id = await(taskbus.enqueue(NewJob.of("echo")));
    assertEquals(JobState.INACTIVE, await(taskbus.job(id)).orElseThrow().state());
    await(
        taskbus.store().command(taskbus.workerId(), new WorkerCommand("resume", new JsonArray())));
    waitFor(id, JobState.FINISHED);
  }

  @Test
  void unknown_tasks_wait_in_the_queue() {
    long id = await(taskbus.enqueue(NewJob.of("nobody-knows-this-task")));
    long other = await(taskbus.enqueue(NewJob.of("echo")));
    waitFor(other, JobState.FINISHED);
    assertEquals(JobState.INACTIVE, await(taskbus.job(id)).orElseThrow().state());
  }

  @Test
  void a_worker_that_was_declared_missing_registers_again_and_keeps_working() {
    long before = taskbus.workerId();
    await(taskbus.store().unregisterWorker(before));
    Await.until(() -> taskbus.workerId() != before, 20);
    long id = await(taskbus.enqueue(NewJob.of("echo")));
    assertEquals(taskbus.workerId(), waitFor(id, JobState.FINISHED).worker());
  }
}
