package io.taskbus.failure;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.support.Await;
import io.taskbus.support.FaultReport;
import io.taskbus.support.Jobs;
import io.taskbus.support.Nodes;
import io.taskbus.support.TcpProxy;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two nodes run jobs on one PostgreSQL; one of them reaches it through a proxy that is cut for
 * longer than the heartbeat window, then restored. The other node retries the cut-off node's jobs
 * after the window; the cut-off node's own results, written when it reconnects, no longer apply.
 * Each job ends finished exactly once: never both.
 */
class NetworkCutTest {
  private static final int JOBS = 24;
  private static final String[] FAST = Nodes.fastRepair("2", "0.5");

  @Test
  void a_cut_off_nodes_jobs_finish_once_either_there_or_elsewhere() throws Exception {
    URI database = URI.create(TestPostgres.freshDatabase());
    try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort())) {
      String direct = database.toString();
      String cut = proxy.postgres(database);
      Vertx vertxA = Vertx.vertx();
      Vertx vertxB = Vertx.vertx();
      Taskbus cutOff = Nodes.start(vertxA, Nodes.examples(), cut, FAST);
      Taskbus linked = Nodes.start(vertxB, Nodes.examples(), direct, FAST);
      try {
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          batch.add(NewJob.of("sleep", 2500).withAttempts(3));
        }
        List<Long> ids = await(linked.enqueue(batch));
        long cutWorker = cutOff.workerId();
        Await.until(() -> Jobs.activeOn(linked, w -> w == cutWorker).size() >= 2, 30);
        proxy.cut();
        Thread.sleep(5000); // past the heartbeat window, and past the jobs' end on the cut-off node
        proxy.restore();
        Await.until(() -> Jobs.count(linked, JobState.FINISHED) == JOBS, 90);
        Thread.sleep(2000); // let the cut-off node's late results arrive, to be refused

        int lost = 0;
        int twice = 0;
        int retriedElsewhere = 0;
        for (long id : ids) {
          List<String> events = Jobs.history(linked, id);
          long finished = events.stream().filter("finished"::equals).count();
          lost += finished == 0 ? 1 : 0;
          twice += finished > 1 ? 1 : 0;
          retriedElsewhere += events.contains("retried") ? 1 : 0;
        }
        System.out.printf(
            "network cut of one node: %d jobs, %d finished, %d finished twice, %d retried"
                + " elsewhere after the window%n",
            JOBS, Jobs.count(linked, JobState.FINISHED), twice, retriedElsewhere);
        FaultReport.record(
            "network cut of one node from PostgreSQL",
            FaultReport.counts(JOBS, Jobs.count(linked, JobState.FINISHED), lost, twice),
            null);
        assertEquals(0, lost, "lost");
        assertEquals(0, twice, "finished twice");
        assertTrue(retriedElsewhere >= 2, "the cut hit running jobs: " + retriedElsewhere);
      } finally {
        await(cutOff.close());
        await(linked.close());
        await(vertxA.close());
        await(vertxB.close());
      }
    }
  }
}
