package io.taskbus.failure;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.audit.AuditEntry;
import io.taskbus.audit.AuditQuery;
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
 * Two worker nodes on one PostgreSQL; one, in its own JVM, is killed with SIGKILL while it runs
 * jobs. Its jobs are found within the heartbeat window, retried as their attempts allow, and run to
 * the end on the other node: none lost, none finished twice, and the audit log shows it.
 */
class KilledWorkerNodeTest {
  private static final int JOBS = 40;
  private static final String[] FAST_REPAIR = Nodes.fastRepair("3", "1");

  @TempDir Path folder;

  @Test
  void jobs_of_a_killed_worker_node_are_retried_once_and_none_is_lost() throws Exception {
    String database = TestPostgres.freshDatabase();
    Path conf = NodeProcess.conf(folder.resolve("taskbus.properties"), FAST_REPAIR);
    Vertx vertx = Vertx.vertx();
    Taskbus survivor = Nodes.start(vertx, Nodes.examples(), database, FAST_REPAIR);
    try (NodeProcess doomed =
        new NodeProcess(
                folder,
                "--store",
                database,
                "--port",
                Integer.toString(NodeProcess.freePort()),
                "--conf",
                conf.toString())
            .awaitUp()) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        batch.add(NewJob.of("sleep", 1500).withAttempts(3));
      }
      List<Long> ids = await(survivor.enqueue(batch));
      long mine = survivor.workerId();
      Await.until(() -> Jobs.activeOn(survivor, w -> w != mine).size() >= 2, 30);
      doomed.kill();

      Await.until(() -> Jobs.count(survivor, JobState.FINISHED) == JOBS, 90);
      int lost = 0;
      int twice = 0;
      int retriedAfterKill = 0;
      for (long id : ids) {
        List<String> events =
            await(survivor.audit().events(AuditQuery.ofJob(id))).events().stream()
                .map(AuditEntry::event)
                .map(
                    e ->
                        e.getString("event")
                            + (e.getString("event").equals("failed")
                                ? ":" + e.getJsonObject("job").getValue("result")
                                : ""))
                .toList();
        long finishedEvents = events.stream().filter(e -> e.equals("finished")).count();
        lost += finishedEvents == 0 ? 1 : 0;
        twice += finishedEvents > 1 ? 1 : 0;
        if (events.contains("failed:Worker went away")) {
          retriedAfterKill++;
          assertEquals("retried", events.get(events.indexOf("failed:Worker went away") + 1));
        }
        Job job = await(survivor.job(id)).orElseThrow();
        assertEquals(JobState.FINISHED, job.state());
      }
      System.out.printf(
          "kill -9 of a worker node: %d jobs enqueued, %d finished, %d lost, %d finished twice,"
              + " %d retried after the kill%n",
          JOBS, Jobs.count(survivor, JobState.FINISHED), lost, twice, retriedAfterKill);
      FaultReport.record(
          "kill -9 of a worker node",
          FaultReport.counts(JOBS, Jobs.count(survivor, JobState.FINISHED), lost, twice),
          null);
      assertEquals(0, lost, "lost");
      assertEquals(0, twice, "finished twice");
      assertTrue(retriedAfterKill >= 2, "the kill hit running jobs: " + retriedAfterKill);
    } finally {
      await(survivor.close());
      await(vertx.close());
    }
  }
}
