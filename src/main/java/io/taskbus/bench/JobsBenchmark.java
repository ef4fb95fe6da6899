package io.taskbus.bench;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.job.JobFilter;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.queue.TaskRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final int MAX_WARM_UP_SECONDS = 60;
  private static final int MAX_EVENT_WARM_UP_ROUNDS = 8;

  private final String store;
  private final int jobs;
  private final int slots;
  private final int rate;
  private final int seconds;
  private final int eventRounds;
  private final Set<Part> parts;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  // Queues of this run only, so jobs left in the store by earlier runs are not in the way.
  private final String queue = "bench-" + run;
  private final String idleQueue = "bench-idle-" + run;
  private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
  private final Map<Long, Long> startNanos = new ConcurrentHashMap<>();
  private long nextLatencySeq;
  private final Map<Long, Long> storedNanos = new ConcurrentHashMap<>();
  private SubscriberProcess subscriber;

  /** The parts of the benchmark, in the order they run. */
  public enum Part {
    LATENCY,
    ENQUEUE,
    E2E,
    EVENTS
  }

  /** Reads a part's name as written on the command line: latency, enqueue, e2e, events. */
  public static final class PartConverter implements picocli.CommandLine.ITypeConverter<Part> {
    @Override
    public Part convert(String value) {
      try {
        return Part.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a part; use latency, enqueue, e2e or events");
      }
    }
  }

  /**
   * {@code only} null or empty: every part; {@code eventRounds} pairs of rounds without and with a
   * subscriber in the events part.
   */
  public JobsBenchmark(
      String store, int jobs, int slots, int rate, int seconds, Set<Part> only, int eventRounds) {
    this.eventRounds = eventRounds;
    this.parts = only == null || only.isEmpty() ? EnumSet.allOf(Part.class) : EnumSet.copyOf(only);
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
    List<String> scenarios = new ArrayList<>(List.of("e2e-batch", "e2e-http"));
    List<String> roundNames = new ArrayList<>();
    for (int round = 1; round <= MAX_EVENT_WARM_UP_ROUNDS; round++) {
      roundNames.add("warm-up-" + round);
    }
    for (int round = 1; round <= eventRounds; round++) {
      roundNames.add(String.valueOf(round));
    }
    for (String round : roundNames) {
      scenarios.add("e2e-batch-plain-" + round);
      scenarios.add("e2e-batch-subscribed-" + round);
    }
    for (String scenario : scenarios) {
      registry.addAsync(
          task(scenario),
          job -> {
            started.get(scenario).countDown();
            return Future.succeededFuture();
          });
    }
    registry.addAsync(task("paced"), job -> Future.succeededFuture());
    registry.addAsync(task("paced-warm-up"), job -> Future.succeededFuture());
    registry.addAsync(
        task("latency"),
        job -> {
          startNanos.put(((Number) job.args().getValue(0)).longValue(), System.nanoTime());
          return Future.succeededFuture();
        });
    TaskbusConfig config =
        TaskbusConfig.of(
            Map.of(
                "store",
                store,
                "http.port",
                "0",
                "worker.jobs",
                Integer.toString(slots),
                "worker.queues",
                queue,
                "dispatch.batch",
                "1000",
                "plugins.dir",
                "no-plugins"));
    Taskbus taskbus =
        Taskbus.deploy(vertx, config, registry, Clock.systemUTC())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    int port = taskbus.httpPort();
    if (parts.contains(Part.EVENTS)) {
      subscriber = SubscriberProcess.start();
    }
    try {
      out.printf(
          "Taskbus job benchmark: store %s, %d jobs per run, %d slots, %d cores%n",
          store, jobs, slots, Runtime.getRuntime().availableProcessors());
      out.printf("%-48s %12s%n", "scenario", "result");
      if (parts.contains(Part.LATENCY)) {
        latencyPart(taskbus, out);
      }
      if (parts.contains(Part.EVENTS)) {
        // At the latency rate, like the latency part: before the heavy runs, whose cleanup
        // (autovacuum of hundreds of thousands of rows, checkpoints) would otherwise be measured.
        eventLatencyPart(taskbus, port, out);
      }
      if (parts.contains(Part.ENQUEUE)) {
        enqueuePart(taskbus, port, out);
      }
      if (parts.contains(Part.E2E)) {
        endToEndPart(taskbus, port, out);
      }
      if (parts.contains(Part.EVENTS)) {
        jobEvents(taskbus, port, out);
      }
    } finally {
      if (subscriber != null) {
        subscriber.close();
      }
      taskbus
          .close()
          .compose(v -> vertx.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** Latency first, while the node and the store are idle. */
  private void latencyPart(Taskbus taskbus, PrintStream out) throws Exception {
    int round = Math.min(seconds, 5);
    printWarmUp(out, "warm-up at " + rate + " jobs/s", warmUp(() -> latency(taskbus, round)));
    long cpu = MachineCpu.busyMicros();
    long wall = System.nanoTime();
    Histogram[] latency = latency(taskbus, seconds);
    cpu = MachineCpu.busyMicros() - cpu;
    wall = System.nanoTime() - wall;
    for (double p : new double[] {50, 99, 100}) {
      String name = p == 100 ? "max" : "p" + (int) p;
      out.printf(
          "%-48s %9.2f ms%n",
          "enqueue -> stored " + name + " at " + rate + " jobs/s",
          latency[0].getValueAtPercentile(p) / 1000.0);
      out.printf(
          "%-48s %9.2f ms%n",
          "enqueue -> start " + name + " at " + rate + " jobs/s",
          latency[1].getValueAtPercentile(p) / 1000.0);
    }
    if (MachineCpu.busyMicros() >= 0) {
      // How close to saturation the run was: queueing on two busy cores is what makes the tail.
      out.printf(
          "%-48s %9.0f µs   (machine busy %.0f %%)%n",
          "CPU per job at " + rate + " jobs/s, whole machine",
          (double) cpu / ((long) rate * seconds),
          100.0 * cpu / (wall / 1000.0 * Runtime.getRuntime().availableProcessors()));
    }
  }

  /**
   * Runs {@code round} again until the JIT compilers (the node's and the subscriber's) are nearly
   * quiet, and answers for how many seconds. A node runs for days; on two cores the compiler still
   * took a fifth of the machine after five seconds at 500 jobs/s, and what it costs then is
   * start-up, not the steady state measured.
   */
  private int warmUp(Work round) throws Exception {
    return warmUp(Integer.MAX_VALUE, n -> round.run());
  }

  private int warmUp(int maxRounds, Round round) throws Exception {
    long began = System.nanoTime();
    long elapsedMillis;
    int rounds = 0;
    do {
      long compiling = compilingMillis();
      long roundBegan = System.nanoTime();
      round.run(++rounds);
      long roundMillis = (System.nanoTime() - roundBegan) / 1_000_000;
      elapsedMillis = (System.nanoTime() - began) / 1_000_000;
      // 1 % of the machine
      if (compilingMillis() - compiling
          < roundMillis * Runtime.getRuntime().availableProcessors() / 100) {
        break;
      }
    } while (elapsedMillis < MAX_WARM_UP_SECONDS * 1000L && rounds < maxRounds);
    return (int) Math.round(elapsedMillis / 1000.0);
  }

  /** Time the JIT compilers have spent, in this JVM and in the subscriber's. */
  private long compilingMillis() throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit.getTotalCompilationTime() + (subscriber == null ? 0 : subscriber.compilingMillis());
  }

  private void printWarmUp(PrintStream out, String what, int seconds) {
    out.printf(
        "%-48s %9d s    (until the JIT compilers used < 1 %% of the machine)%n", what, seconds);
  }

  private void enqueuePart(Taskbus taskbus, int port, PrintStream out) throws Exception {
    // Jobs nobody runs wait in a queue of their own, as idle work would.
    double single = timed(() -> httpEnqueue(port, task("enqueue-only"), idleQueue, jobs));
    out.printf(
        "%-48s %9.0f /s%n",
        "enqueue, one HTTP request per job (" + HTTP_CONCURRENCY + " clients)", single);
    double batched = timed(() -> batchEnqueue(taskbus, task("enqueue-only"), idleQueue, jobs));
    out.printf("%-48s %9.0f /s%n", "enqueue, batches of " + BATCH, batched);
  }

  private void endToEndPart(Taskbus taskbus, int port, PrintStream out) throws Exception {
    double e2eBatch =
        endToEnd(taskbus, "e2e-batch", () -> batchEnqueue(taskbus, task("e2e-batch"), queue, jobs));
    out.printf("%-48s %9.0f /s%n", "no-op jobs end to end, batched enqueue", e2eBatch);
    double e2eHttp =
        endToEnd(taskbus, "e2e-http", () -> httpEnqueue(port, task("e2e-http"), queue, jobs));
    out.printf("%-48s %9.0f /s%n", "no-op jobs end to end, one HTTP enqueue per job", e2eHttp);
  }

  /**
   * Job events are always written; what a live subscriber adds is reading and delivering them.
   * After uncounted warm-up rounds (until the JIT compilers are nearly quiet, at most {@value
   * #MAX_EVENT_WARM_UP_ROUNDS}), batched runs alternate without and with one WebSocket subscriber
   * of the queue's events ({@code eventRounds} of each). The growing tables make each run a little
   * slower than the one before, so pairs take turns at going first (without, with; with, without):
   * over an even number of pairs a steady drift falls on both sides alike.
   */
  private void jobEvents(Taskbus taskbus, int port, PrintStream out) throws Exception {
    // Not counted: the first runs of this part also compile the delivery path, and would load
    // whichever side ran first.
    printWarmUp(
        out,
        "warm-up of the rounds below",
        warmUp(MAX_EVENT_WARM_UP_ROUNDS, n -> eventRound(taskbus, port, "warm-up-" + n, n)));
    double without = 0;
    double with = 0;
    Cpu cpuWithout = new Cpu(0, 0, 0);
    Cpu cpuWith = new Cpu(0, 0, 0);
    StringBuilder rounds = new StringBuilder();
    for (int round = 1; round <= eventRounds; round++) {
      EventRound result = eventRound(taskbus, port, String.valueOf(round), round);
      without += result.plain().rate();
      with += result.subscribed().rate();
      cpuWithout = cpuWithout.plus(result.plain().cpu());
      cpuWith = cpuWith.plus(result.subscribed().cpu());
      rounds.append(String.format(" %.0f/%.0f", result.plain().rate(), result.subscribed().rate()));
    }
    out.printf(
        "%-48s %9.0f /s%n", "no-op jobs end to end, batched, no subscriber", without / eventRounds);
    out.printf(
        "%-48s %9.0f /s%n", "the same, 1 live subscriber of their events", with / eventRounds);
    out.printf(
        "%-48s %9.1f %%   (rounds, without/with:%s)%n",
        "subscriber overhead (mean of " + eventRounds + " runs each)",
        100 * (1 - with / without),
        rounds);
    if (MachineCpu.busyMicros() >= 0) {
      Cpu perJobWithout = cpuWithout.perJob(eventRounds * jobs);
      Cpu perJobWith = cpuWith.perJob(eventRounds * jobs);
      out.printf(
          "%-48s %9.1f %%   (CPU per job, whole machine: %.0f µs without, %.0f µs with)%n",
          "subscriber CPU overhead",
          100 * (perJobWith.machine() / perJobWithout.machine() - 1),
          perJobWithout.machine(),
          perJobWith.machine());
      // Which side the subscriber's cost falls on: reading the events is the store's work,
      // turning them into frames and sending them the node's, taking them in the subscriber's.
      printShare(
          out, "  of it in the node's JVM (node, clients)", perJobWithout.jvm(), perJobWith.jvm());
      printShare(
          out,
          "  of it in the subscriber's JVM",
          perJobWithout.subscriber(),
          perJobWith.subscriber());
      printShare(
          out,
          "  of it elsewhere (PostgreSQL, the kernel)",
          perJobWithout.elsewhere(),
          perJobWith.elsewhere());
    }
  }

  private static void printShare(PrintStream out, String what, double without, double with) {
    out.printf(
        "%-48s %+9.1f µs   (%.1f without, %.1f with)%n", what, with - without, without, with);
  }

  /** Finished → event at a live subscriber, at the latency rate after a warm-up. */
  private void eventLatencyPart(Taskbus taskbus, int port, PrintStream out) throws Exception {
    subscriber.connect(port, "jobs/" + queue);
    try {
      int round = Math.min(seconds, 5);
      printWarmUp(
          out,
          "warm-up of the subscriber at " + rate + " jobs/s",
          warmUp(() -> paced(taskbus, "paced-warm-up", round)));
      Histogram latency = paced(taskbus, "paced", seconds);
      for (double p : new double[] {50, 99, 100}) {
        out.printf(
            "%-48s %9.2f ms%n",
            "finished -> event " + (p == 100 ? "max" : "p" + (int) p) + " at " + rate + " jobs/s",
            latency.getValueAtPercentile(p) / 1000.0);
      }
    } finally {
      subscriber.disconnect();
    }
  }

  /**
   * CPU time of a run, in microseconds: the whole machine's, this JVM's (the node and the
   * benchmark's clients) and the subscriber's JVM's.
   */
  private record Cpu(double machine, double jvm, double subscriber) {
    Cpu since(Cpu start) {
      return new Cpu(machine - start.machine, jvm - start.jvm, subscriber - start.subscriber);
    }

    Cpu plus(Cpu other) {
      return new Cpu(machine + other.machine, jvm + other.jvm, subscriber + other.subscriber);
    }

    /** PostgreSQL's and the kernel's: what neither JVM used. */
    double elsewhere() {
      return machine - jvm - subscriber;
    }

    Cpu perJob(int jobs) {
      return new Cpu(machine / jobs, jvm / jobs, subscriber / jobs);
    }
  }

  private Cpu cpuNow() throws Exception {
    return new Cpu(MachineCpu.busyMicros(), MachineCpu.processMicros(), subscriber.cpuMicros());
  }

  private record EventRound(Measured plain, Measured subscribed) {}

  /**
   * One batched run without a subscriber and one with a live subscriber of the events: in that
   * order in odd-numbered pairs, the other way round in even-numbered ones.
   */
  private EventRound eventRound(Taskbus taskbus, int port, String round, int number)
      throws Exception {
    if (number % 2 == 0) {
      Measured subscribed = subscribedRun(taskbus, port, round);
      return new EventRound(plainRun(taskbus, round), subscribed);
    }
    Measured plain = plainRun(taskbus, round);
    return new EventRound(plain, subscribedRun(taskbus, port, round));
  }

  private record Measured(double rate, Cpu cpu) {}

  private Measured plainRun(Taskbus taskbus, String round) throws Exception {
    String plain = "e2e-batch-plain-" + round;
    Cpu start = cpuNow();
    double rate = endToEnd(taskbus, plain, () -> batchEnqueue(taskbus, task(plain), queue, jobs));
    return new Measured(rate, cpuNow().since(start));
  }

  /** The rate counts until the subscriber has every job's finished event. */
  private Measured subscribedRun(Taskbus taskbus, int port, String round) throws Exception {
    String subscribed = "e2e-batch-subscribed-" + round;
    subscriber.connect(port, "jobs/" + queue);
    try {
      CompletableFuture<Histogram> delivered = subscriber.expect(task(subscribed), jobs, false);
      Cpu start = cpuNow();
      long began = System.nanoTime();
      endToEnd(taskbus, subscribed, () -> batchEnqueue(taskbus, task(subscribed), queue, jobs));
      subscriber.await(delivered, task(subscribed), 10);
      double rate = jobs / ((System.nanoTime() - began) / 1e9);
      return new Measured(rate, cpuNow().since(start));
    } finally {
      subscriber.disconnect();
    }
  }

  /** No-op jobs at the latency rate; answers finished → event at the subscriber. */
  private Histogram paced(Taskbus taskbus, String scenario, int duration) throws Exception {
    int count = rate * duration;
    CompletableFuture<Histogram> delivered = subscriber.expect(task(scenario), count, true);
    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      taskbus.enqueue(NewJob.of(task(scenario), i).withQueue(queue));
      next += interval;
    }
    return subscriber.await(delivered, task(scenario), 2);
  }

  private String task(String scenario) {
    return "bench-" + scenario + "-" + run;
  }

  @FunctionalInterface
  private interface Round {
    void run(int number) throws Exception;
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
    if (!started.get(scenario).await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(scenario + ": not every job started within 10 minutes");
    }
    JobFilter finished =
        new JobFilter(
            List.of(JobState.FINISHED), null, List.of(task(scenario)), null, null, null, 0, 1);
    while (taskbus.store().jobs(finished).toCompletionStage().toCompletableFuture().get().total()
        < jobs) {
      Thread.sleep(20);
    }
    return jobs / ((System.nanoTime() - start) / 1e9);
  }

  private void batchEnqueue(Taskbus taskbus, String task, String queue, int count)
      throws Exception {
    List<CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
    for (int offset = 0; offset < count; offset += BATCH) {
      List<NewJob> batch = new ArrayList<>();
      for (int i = offset; i < Math.min(count, offset + BATCH); i++) {
        batch.add(NewJob.of(task, i).withQueue(queue));
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

  /** One POST per job from {@value #HTTP_CONCURRENCY} concurrent connections. */
  private void httpEnqueue(int port, String task, String queue, int count) throws Exception {
    Vertx clients = Vertx.vertx();
    try {
      HttpClient http =
          clients
              .httpClientBuilder()
              .with(new PoolOptions().setHttp1MaxSize(HTTP_CONCURRENCY))
              .build();
      AtomicInteger next = new AtomicInteger();
      List<Future<Void>> connections = new ArrayList<>();
      for (int c = 0; c < HTTP_CONCURRENCY; c++) {
        connections.add(postLoop(http, port, task, queue, next, count));
      }
      Future.all(connections).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } finally {
      clients.close();
    }
  }

  private Future<Void> postLoop(
      HttpClient http, int port, String task, String queue, AtomicInteger next, int count) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return Future.succeededFuture();
    }
    String body =
        new JsonObject()
            .put("task", task)
            .put("queue", queue)
            .put("args", new JsonArray().add(i))
            .encode();
    return http.request(HttpMethod.POST, port, "127.0.0.1", "/api/jobs")
        .compose(request -> request.putHeader("Content-Type", "application/json").send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        text ->
                            response.statusCode() == 201
                                ? Future.succeededFuture()
                                : Future.<Void>failedFuture(
                                    "enqueue failed: HTTP " + response.statusCode() + " " + text)))
        .compose(v -> postLoop(http, port, task, queue, next, count));
  }

  /** Enqueue → stored and enqueue → task started, at a fixed rate on an idle node. */
  private Histogram[] latency(Taskbus taskbus, int seconds) throws Exception {
    startNanos.clear();
    long first = nextLatencySeq;
    int count = rate * seconds;
    nextLatencySeq += count;
    long interval = 1_000_000_000L / rate;
    Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    Map<Long, Long> storedNanos = new ConcurrentHashMap<>();
    List<CompletableFuture<Long>> enqueued = new ArrayList<>();
    long next = System.nanoTime();
    for (long i = first; i < first + count; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long seq = i;
      sentNanos.put(seq, System.nanoTime());
      NewJob job = NewJob.of(task("latency"), seq).withQueue(queue);
      enqueued.add(
          taskbus
              .enqueue(job)
              .onSuccess(id -> storedNanos.put(seq, System.nanoTime()))
              .toCompletionStage()
              .toCompletableFuture());
      next += interval;
    }
    for (CompletableFuture<Long> f : enqueued) {
      f.get();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (startNanos.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Histogram stored = new Histogram(3);
    Histogram started = new Histogram(3);
    sentNanos.forEach(
        (i, sent) -> {
          stored.recordValue(Math.max(0, (storedNanos.get(i) - sent) / 1000));
          Long start = startNanos.get(i);
          started.recordValue(
              start == null ? TimeUnit.SECONDS.toMicros(30) : Math.max(0, (start - sent) / 1000));
        });
    return new Histogram[] {stored, started};
  }
}
