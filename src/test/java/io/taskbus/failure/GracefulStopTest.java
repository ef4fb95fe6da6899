package io.taskbus.failure;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.support.Await;
import io.taskbus.support.FaultReport;
import io.taskbus.support.Jobs;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.Nodes;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a worker node in its own JVM while it runs jobs: it takes no more work, finishes what
 * it runs, unregisters and exits; the other node runs the rest. No job fails or runs twice.
 */
class GracefulStopTest {
  private static final int JOBS = 24;

  @TempDir Path folder;

  @Test
  void sigterm_finishes_running_jobs_and_leaves() throws Exception {
    String database = TestPostgres.freshDatabase();
    Vertx vertx = Vertx.vertx();
    Taskbus survivor = Nodes.start(vertx, Nodes.examples(), database, "worker.jobs", "4");
    try (NodeProcess leaving =
        new NodeProcess(
                folder,
                "--store",
                database,
                "--port",
                Integer.toString(NodeProcess.freePort()),
                "--jobs",
                "4",
                "--conf",
                "none")
            .awaitUp()) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        batch.add(NewJob.of("sleep", 1500));
      }
      List<Long> ids = await(survivor.enqueue(batch));
      long mine = survivor.workerId();
      Await.until(() -> Jobs.activeOn(survivor, w -> w != mine).size() >= 2, 30);
      long[] theirs = Jobs.activeOn(survivor, w -> w != mine).stream().mapToLong(Job::id).toArray();
      assertTrue(leaving.terminate(60), "the node exits within its grace period");
      for (long id : theirs) {
        Job job = await(survivor.job(id)).orElseThrow();
        assertEquals(JobState.FINISHED, job.state(), "a job it ran when told to stop");
      }
      assertEquals(1, await(survivor.store().workers()).size(), "it unregistered");

      Await.until(() -> Jobs.count(survivor, JobState.FINISHED) == JOBS, 60);
      int lost = 0;
      int twice = 0;
      int failed = 0;
      for (long id : ids) {
        List<String> events = Jobs.history(survivor, id);
        twice += events.stream().filter("started"::equals).count() > 1 ? 1 : 0;
        lost += events.contains("finished") ? 0 : 1;
        failed += events.contains("failed") ? 1 : 0;
      }
      System.out.printf(
          "SIGTERM of a worker node: %d jobs, %d ran on it when stopped, %d failed, %d started"
              + " twice%n",
          JOBS, theirs.length, failed, twice);
      FaultReport.record(
          "SIGTERM of a worker node",
          FaultReport.counts(JOBS, Jobs.count(survivor, JobState.FINISHED), lost, twice),
          null);
      assertEquals(0, lost);
      assertEquals(0, failed);
      assertEquals(0, twice);
    } finally {
      await(survivor.close());
      await(vertx.close());
    }
  }
}
