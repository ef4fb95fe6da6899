package io.taskbus.failure;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is out of reach for longer than the missing-worker window while a job runs. The worker
 * lived through it, so once the store is back it is not declared missing: its job is not failed as
 * "worker went away", and its result is written once.
 */
class OutageWorkerTest {
  @Test
  void a_worker_that_lived_through_an_outage_is_not_declared_missing() throws Exception {
    URI database = URI.create(TestPostgres.freshDatabase());
    try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort())) {
      String store = proxy.postgres(database);
      Vertx vertx = Vertx.vertx();
      Taskbus node =
          Nodes.start(
              vertx,
              Nodes.examples(),
              store,
              "repair.missing-after",
              "2",
              "repair.interval",
              "0.5",
              "worker.heartbeat-interval",
              "0.5");
      try {
        long id = await(node.enqueue(NewJob.of("sleep", 6000)));
        Await.until(
            () -> await(node.job(id)).map(j -> j.state() == JobState.ACTIVE).orElse(false), 20);
        proxy.cut();
        Thread.sleep(4000); // twice the missing-worker window without a heartbeat
        proxy.restore();
        Await.until(
            () ->
                await(
                        node.job(id)
                            .recover(
                                e ->
                                    io.vertx.core.Future.succeededFuture(
                                        java.util.Optional.empty())))
                    .map(j -> j.state() == JobState.FINISHED || j.state() == JobState.FAILED)
                    .orElse(false),
            30);
        Job job = await(node.job(id)).orElseThrow();
        assertEquals(JobState.FINISHED, job.state(), "result: " + job.result());
        assertEquals(6000, ((Number) job.result()).intValue());
        assertEquals(0, job.retries());
        List<String> events = Jobs.history(node, id);
        long finished = events.stream().filter("finished"::equals).count();
        FaultReport.record(
            "PostgreSQL out of reach for 2x the window",
            FaultReport.counts(1, finished, finished == 0 ? 1 : 0, finished > 1 ? 1 : 0),
            null);
        assertEquals(List.of("enqueued", "started", "finished"), events);
      } finally {
        await(node.close());
        await(vertx.close());
      }
    }
  }
}
