package io.taskbus.bench;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.job.JobFilter;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.queue.TaskRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code taskbus bench jobs}: one in-process node on the given store, measured in one run so the
 * figures can be compared with each other. Each scenario uses its own task name, so an existing
 * database is fine and nothing is deleted.
 */
public final class JobsBenchmark {
  private static final int HTTP_CONCURRENCY = 32;
  private static final int BATCH = 1000;

  private final String store;
  private final int jobs;
  private final int slots;
  private final int rate;
  private final int seconds;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
  private final Map<Long, Long> startNanos = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  public JobsBenchmark(String store, int jobs, int slots, int rate, int seconds) {
    this.store = store;
    this.jobs = jobs;
    this.slots = slots;
    this.rate = rate;
    this.seconds = seconds;
  }

  public void run(PrintStream out) throws Exception {
    if (store.startsWith("sqlite:") && !store.contains(":memory:")) {
      Path file = Path.of(store.substring("sqlite:".length()));
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    }
    Vertx vertx = Vertx.vertx();
    TaskRegistry registry = new TaskRegistry();
    for (String scenario : List.of("e2e-batch", "e2e-http")) {
      registry.addAsync(
          task(scenario),
          job -> {
            started.get(scenario).countDown();
            return Future.succeededFuture();
          });
    }
    registry.addAsync(
        task("latency"),
        job -> {
          startNanos.put(((Number) job.args().getValue(0)).longValue(), System.nanoTime());
          return Future.succeededFuture();
        });
    TaskbusConfig config =
        TaskbusConfig.of(
            Map.of(
                "store", store,
                "http.port", "0",
                "worker.jobs", Integer.toString(slots),
                "dispatch.batch", "200",
                "plugins.dir", "no-plugins"));
    Taskbus taskbus =
        Taskbus.deploy(vertx, config, registry, Clock.systemUTC())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    String url = "http://127.0.0.1:" + taskbus.httpPort() + "/api/jobs";
    try {
      out.printf(
          "Taskbus job benchmark: store %s, %d jobs per run, %d slots, %d cores%n",
          store, jobs, slots, Runtime.getRuntime().availableProcessors());
      out.printf("%-48s %12s%n", "scenario", "result");
      double single = timed(() -> httpEnqueue(url, task("enqueue-only"), jobs));
      out.printf(
          "%-48s %9.0f /s%n",
          "enqueue, one HTTP request per job (" + HTTP_CONCURRENCY + " clients)", single);
      double batched = timed(() -> batchEnqueue(taskbus, task("enqueue-only"), jobs));
      out.printf("%-48s %9.0f /s%n", "enqueue, batches of " + BATCH, batched);
      double e2eBatch =
          endToEnd(taskbus, "e2e-batch", () -> batchEnqueue(taskbus, task("e2e-batch"), jobs));
      out.printf("%-48s %9.0f /s%n", "no-op jobs end to end, batched enqueue", e2eBatch);
      double e2eHttp =
          endToEnd(taskbus, "e2e-http", () -> httpEnqueue(url, task("e2e-http"), jobs));
      out.printf("%-48s %9.0f /s%n", "no-op jobs end to end, one HTTP enqueue per job", e2eHttp);
      Histogram latency = latency(taskbus);
      out.printf(
          "%-48s %9.2f ms%n",
          "enqueue -> start p50 at " + rate + " jobs/s", latency.getValueAtPercentile(50) / 1000.0);
      out.printf(
          "%-48s %9.2f ms%n",
          "enqueue -> start p99 at " + rate + " jobs/s", latency.getValueAtPercentile(99) / 1000.0);
      out.printf(
          "%-48s %9.2f ms%n",
          "enqueue -> start max at " + rate + " jobs/s", latency.getMaxValue() / 1000.0);
    } finally {
      taskbus
          .close()
          .compose(v -> vertx.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private String task(String scenario) {
    return "bench-" + scenario + "-" + run;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private double timed(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return jobs / ((System.nanoTime() - start) / 1e9);
  }

  private double endToEnd(Taskbus taskbus, String scenario, Work enqueue) throws Exception {
    started.put(scenario, new CountDownLatch(jobs));
    long start = System.nanoTime();
    enqueue.run();
    started.get(scenario).await(10, TimeUnit.MINUTES);
    JobFilter finished =
        new JobFilter(
            List.of(JobState.FINISHED), null, List.of(task(scenario)), null, null, null, 0, 1);
    while (taskbus.store().jobs(finished).toCompletionStage().toCompletableFuture().get().total()
        < jobs) {
      Thread.sleep(20);
    }
    return jobs / ((System.nanoTime() - start) / 1e9);
  }

  private void batchEnqueue(Taskbus taskbus, String task, int count) throws Exception {
    List<CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
    for (int offset = 0; offset < count; offset += BATCH) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = offset; i < Math.min(count, offset + BATCH); i++) {
        batch.add(NewJob.of(task, i));
      }
      inFlight.add(taskbus.enqueue(batch).toCompletionStage().toCompletableFuture());
      if (inFlight.size() >= 4) {
        inFlight.remove(0).get();
      }
    }
    for (CompletableFuture<List<Long>> f : inFlight) {
      f.get();
    }
  }

  private void httpEnqueue(String url, String task, int count) throws Exception {
    Semaphore permits = new Semaphore(HTTP_CONCURRENCY);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      permits.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"task\":\"" + task + "\",\"args\":[" + i + "]}"))
              .build();
      all.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, error) -> {
                    permits.release();
                    if (error != null || response.statusCode() != 201) {
                      throw new IllegalStateException(
                          "enqueue failed: " + (error != null ? error : response.body()));
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
  }

  private Histogram latency(Taskbus taskbus) throws Exception {
    int count = rate * seconds;
    long interval = 1_000_000_000L / rate;
    Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    List<CompletableFuture<Long>> enqueued = new ArrayList<>();
    long next = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      sentNanos.put(i, System.nanoTime());
      enqueued.add(
          taskbus.enqueue(NewJob.of(task("latency"), i)).toCompletionStage().toCompletableFuture());
      next += interval;
    }
    for (CompletableFuture<Long> f : enqueued) {
      f.get();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (startNanos.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Histogram histogram = new Histogram(3);
    sentNanos.forEach(
        (i, sent) -> {
          Long start = startNanos.get(i);
          if (start != null) {
            histogram.recordValue(Math.max(0, (start - sent) / 1000));
          }
        });
    return histogram;
  }
}
