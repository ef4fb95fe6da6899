package io.taskbus.failure;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.support.Await;
import io.taskbus.support.FaultReport;
import io.taskbus.support.Http;
import io.taskbus.support.Jobs;
import io.taskbus.support.NodeProcess;
import io.taskbus.support.Nodes;
import io.taskbus.support.RestartablePostgres;
import io.taskbus.support.ResumingSubscriber;
import io.taskbus.support.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL itself is stopped (a fast shutdown: every session ends, new ones are refused) for
 * several heartbeat windows while two clustered nodes — one in its own JVM — run jobs, take
 * enqueues and durable publishes, and serve subscribers; then it is started again. Requests during
 * the outage get 503 with Retry-After and store nothing; everything acknowledged is there
 * afterwards; each job finishes exactly once and none is failed as "worker went away"; the
 * subscribers resume and receive every acknowledged message and every job's finish once.
 */
class PostgresRestartTest {
  private static final int JOBS = 40;
  private static final long OUTAGE_MILLIS = 30_000;
  private static final String[] FAST = Nodes.fastRepair("3", "1", "bus.durable", "outage");

  @TempDir Path folder;

  @Test
  void nothing_acknowledged_is_lost_and_no_job_runs_twice_when_postgresql_restarts()
      throws Exception {
    try (RestartablePostgres postgres = new RestartablePostgres(folder.resolve("pg"))) {
      String database = postgres.createDatabase("taskbus");
      TestCluster cluster = new TestCluster();
      Files.writeString(folder.resolve("cluster.xml"), cluster.xml());
      String[] clustered = Arrays.copyOf(FAST, FAST.length + 2);
      clustered[FAST.length] = "cluster.config";
      clustered[FAST.length + 1] = folder.resolve("cluster.xml").toString();
      Path conf = NodeProcess.conf(folder.resolve("taskbus.properties"), clustered);
      Vertx vertx = cluster.join();
      Taskbus a = Nodes.start(vertx, Nodes.examples(), database, FAST);
      int portB = NodeProcess.freePort();
      try (NodeProcess b =
              new NodeProcess(
                      folder,
                      "--cluster",
                      "--store",
                      database,
                      "--port",
                      Integer.toString(portB),
                      "--conf",
                      conf.toString())
                  .awaitUp();
          ResumingSubscriber messages = new ResumingSubscriber(portB, "/sub/outage");
          ResumingSubscriber events = new ResumingSubscriber(a.httpPort(), "/sub/jobs")) {
        Http[] nodes = {new Http(a.httpPort()), new Http(portB)};
        // Subscribers without `since` get what is stored once their subscription has started:
        // probe until each has received something, so the counts below start after that. The
        // probe jobs go to a queue no worker serves.
        int probeJobs =
            untilReceived(events, () -> nodes[0].post("/api/jobs", PROBE_JOB).statusCode());
        untilReceived(messages, () -> nodes[1].post("/pub/outage/probe", "probe").statusCode());
        Client client = new Client(nodes);
        for (int i = 0; i < JOBS; i++) {
          client.enqueue("{\"task\":\"sleep\",\"args\":[1500],\"attempts\":3}");
          client.publish();
        }
        long workerA = a.workerId();
        Await.until(() -> Jobs.activeOn(a, w -> w != workerA).size() >= 2, 30);
        Await.until(() -> !Jobs.activeOn(a, w -> w == workerA).isEmpty(), 30);

        AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<Void> traffic =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; !stopped.get(); i++) {
                    client.enqueue("{\"task\":\"echo\",\"args\":[" + i + "]}");
                    client.publish();
                    sleep(100);
                  }
                });
        postgres.stop();
        sleep(OUTAGE_MILLIS);
        postgres.start();
        long back = System.nanoTime();
        Await.until(() -> client.acknowledgedAfterOutage.get() >= 10, 60);
        stopped.set(true);
        traffic.join();

        int enqueued = client.jobs.size();
        Await.until(() -> Jobs.count(a, JobState.FINISHED) == enqueued, 90);
        long allFinishedMillis = (System.nanoTime() - back) / 1_000_000;
        long stored = 0;
        for (JobState state : JobState.values()) {
          stored += Jobs.count(a, state);
        }
        int lost = 0;
        int twice = 0;
        int wentAway = 0;
        for (long id : client.jobs) {
          List<String> history = Jobs.history(a, id);
          long finished = history.stream().filter("finished"::equals).count();
          lost += finished == 0 ? 1 : 0;
          twice += finished > 1 ? 1 : 0;
          wentAway += history.contains("failed") ? 1 : 0;
          Job job = await(a.job(id)).orElseThrow();
          assertEquals(0, job.retries(), "job " + id + ": " + history);
        }
        Await.within(() -> finishedEvents(events).size() >= enqueued, 30);
        Await.within(() -> delivered(messages).containsAll(client.messages), 30);

        System.out.printf(
            "PostgreSQL stopped for %d s under two nodes: %d jobs enqueued (%d refused with 503),"
                + " %d finished, %d lost, %d finished twice, %d failed as gone; %d messages"
                + " acknowledged (%d refused), %d delivered, %d lost, %d twice; %d finish events,"
                + " subscribers connected %d and %d times; all jobs finished %d ms after"
                + " PostgreSQL was back%n",
            OUTAGE_MILLIS / 1000,
            enqueued,
            client.refusedJobs.get(),
            Jobs.count(a, JobState.FINISHED),
            lost,
            twice,
            wentAway,
            client.messages.size(),
            client.refusedMessages.get(),
            delivered(messages).size(),
            client.messages.size() - delivered(messages).size(),
            messages.repeated(),
            finishedEvents(events).size(),
            messages.connections(),
            events.connections(),
            allFinishedMillis);
        FaultReport.record(
            "PostgreSQL stopped " + OUTAGE_MILLIS / 1000 + " s, two nodes",
            FaultReport.counts(enqueued, Jobs.count(a, JobState.FINISHED), lost, twice),
            FaultReport.counts(
                client.messages.size(),
                delivered(messages).size(),
                client.messages.size() - delivered(messages).size(),
                messages.repeated()));
        FaultReport.record(
            "  the same: job finish events",
            null,
            FaultReport.counts(
                enqueued,
                finishedEvents(events).size(),
                enqueued - finishedEvents(events).size(),
                events.repeated()));
        assertTrue(client.refusedJobs.get() > 0, "the outage met enqueues");
        assertTrue(client.refusedMessages.get() > 0, "the outage met publishes");
        assertEquals(List.of(), client.unexpected, "answers other than 2xx or 503 + Retry-After");
        assertEquals(enqueued + probeJobs, stored, "a refused enqueue stored nothing");
        assertEquals(0, lost, "lost");
        assertEquals(0, twice, "finished twice");
        assertEquals(0, wentAway, "failed although its worker lived");
        assertEquals(0, messages.repeated(), "messages delivered twice");
        assertEquals(0, events.repeated(), "events delivered twice");
        List<String> missing =
            client.messages.stream().filter(m -> !delivered(messages).contains(m)).toList();
        assertEquals(
            List.of(),
            missing,
            "acknowledged, not delivered; acknowledged: "
                + client.acks
                + "\ndelivered: "
                + messages.received()
                + "\n"
                + b.output());
        assertEquals(
            client.messages.size(), delivered(messages).size(), "only what was acknowledged");
        assertEquals(Set.copyOf(client.jobs), Set.copyOf(finishedEvents(events)), "finish events");
        assertTrue(b.isAlive(), "node B lived through the outage:\n" + b.output());
      } finally {
        await(a.close());
        await(vertx.close());
      }
    }
  }

  private static final String PROBE_JOB = "{\"task\":\"echo\",\"queue\":\"probes\"}";

  /** Sends probes until the subscriber has received one; answers how many it sent. */
  private static int untilReceived(
      ResumingSubscriber subscriber, java.util.function.IntSupplier probe) {
    for (int sent = 1; sent <= 30; sent++) {
      assertTrue(probe.getAsInt() < 300, "the probe was accepted");
      if (Await.within(() -> !subscriber.received().isEmpty(), 1)) {
        return sent;
      }
    }
    throw new AssertionError("the subscriber never received a probe");
  }

  private static List<String> delivered(ResumingSubscriber subscriber) {
    return subscriber.received().stream()
        .map(ResumingSubscriber.Message::data)
        .filter(data -> !data.equals("probe"))
        .toList();
  }

  private static List<Long> finishedEvents(ResumingSubscriber subscriber) {
    List<Long> ids = new ArrayList<>();
    for (ResumingSubscriber.Message m : subscriber.received()) {
      JsonObject event = new JsonObject(m.data());
      if (event.getString("event").equals("finished")) {
        ids.add(event.getJsonObject("job").getLong("id"));
      }
    }
    return ids;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An application that enqueues and publishes on both nodes in turn and keeps the answers. */
  private static final class Client {
    final Http[] nodes;
    final List<Long> jobs = Collections.synchronizedList(new ArrayList<>());
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final List<String> acks = Collections.synchronizedList(new ArrayList<>());
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger refusedJobs = new AtomicInteger();
    final AtomicInteger refusedMessages = new AtomicInteger();
    final AtomicInteger acknowledgedAfterOutage = new AtomicInteger();
    private int jobTurn;
    private int messageTurn;

    Client(Http[] nodes) {
      this.nodes = nodes;
    }

    void enqueue(String body) {
      HttpResponse<String> response = nodes[jobTurn++ % nodes.length].post("/api/jobs", body);
      if (response.statusCode() == 201) {
        jobs.add(new JsonObject(response.body()).getLong("id"));
        if (refusedJobs.get() > 0) {
          acknowledgedAfterOutage.incrementAndGet();
        }
      } else {
        refused(response, refusedJobs);
      }
    }

    void publish() {
      String message = "m" + messageTurn;
      HttpResponse<String> response =
          nodes[messageTurn++ % nodes.length].post("/pub/outage/" + (messageTurn % 3), message);
      if (response.statusCode() == 200) {
        messages.add(message);
        acks.add(message + "@" + new JsonObject(response.body()).getLong("offset"));
      } else {
        refused(response, refusedMessages);
      }
    }

    private void refused(HttpResponse<String> response, AtomicInteger count) {
      if (response.statusCode() == 503
          && response.headers().firstValue("Retry-After").isPresent()) {
        count.incrementAndGet();
      } else {
        unexpected.add(response.statusCode() + " " + response.body());
      }
    }
  }
}
