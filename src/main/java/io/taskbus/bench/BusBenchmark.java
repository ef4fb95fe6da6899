package io.taskbus.bench;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.cluster.Cluster;
import io.taskbus.queue.TaskRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code taskbus bench bus}: fan-out from one publisher to N subscribers through a raw Vert.x
 * broadcast server (the baseline), one Taskbus node, and two clustered Taskbus nodes, all in one
 * run so the ratios are fair.
 */
public final class BusBenchmark {
  /** Paced runs stay well below what 2 cores can deliver, so latency is not queueing. */
  static final int PACED_SUBSCRIBERS = 10;

  private final int[] fanOuts;
  private final int idle;
  private final String durableStore;
  private final int resumeCount;
  private final int deliveries;
  private final int rate;
  private final int pacedSeconds;

  public BusBenchmark(
      int[] fanOuts,
      int deliveries,
      int rate,
      int pacedSeconds,
      int idle,
      String durableStore,
      int resumeCount) {
    this.idle = idle;
    this.durableStore = durableStore;
    this.resumeCount = resumeCount;
    this.fanOuts = fanOuts;
    this.deliveries = deliveries;
    this.rate = rate;
    this.pacedSeconds = pacedSeconds;
  }

  public void run(PrintStream out) throws Exception {
    Vertx raw = Vertx.vertx();
    Vertx clients = Vertx.vertx();
    int rawPort = await(new RawBroadcastServer().start(raw)).actualPort();
    Vertx single = Vertx.vertx();
    Taskbus one = node(single);
    String cluster = "taskbus-bench-" + UUID.randomUUID();
    Vertx vertxA = await(Cluster.join(Cluster.loopback(cluster, 5951), "127.0.0.1"));
    Vertx vertxB = await(Cluster.join(Cluster.loopback(cluster, 5951), "127.0.0.1"));
    Taskbus a = node(vertxA);
    Taskbus b = node(vertxB);
    FanOut fanOut = new FanOut(clients);
    try {
      out.printf(
          "Taskbus bus benchmark: %d cores; flood keeps %d messages in flight; paced at %d msgs/s%n",
          Runtime.getRuntime().availableProcessors(), FanOut.WINDOW, rate);
      out.printf(
          "%-34s %12s %9s %9s %9s %8s%n",
          "scenario", "deliveries/s", "p50 ms", "p99 ms", "max ms", "ratio");
      for (int n : fanOuts) {
        int messages = Math.max(200, deliveries / n);
        FanOut.Result base = fanOut.run(rawPort, "/", rawPort, "/", n, messages, 0);
        print(out, "raw Vert.x broadcast, N=" + n + " flood", base, base);
        FanOut.Result mine =
            fanOut.run(
                one.httpPort(), "/pub/bench/x", one.httpPort(), "/sub/bench", n, messages, 0);
        print(out, "Taskbus 1 node, N=" + n + " flood", mine, base);
        FanOut.Result cross =
            fanOut.run(a.httpPort(), "/pub/bench/x", b.httpPort(), "/sub/bench", n, messages, 0);
        print(out, "Taskbus 2 nodes, N=" + n + " flood", cross, mine);
      }
      int n = PACED_SUBSCRIBERS;
      int messages = rate * pacedSeconds;
      FanOut.Result base = fanOut.run(rawPort, "/", rawPort, "/", n, messages, rate);
      print(out, "raw Vert.x broadcast, N=" + n + " paced", base, base);
      FanOut.Result mine =
          fanOut.run(
              one.httpPort(), "/pub/bench/x", one.httpPort(), "/sub/bench", n, messages, rate);
      print(out, "Taskbus 1 node, N=" + n + " paced", mine, base);
      FanOut.Result cross =
          fanOut.run(a.httpPort(), "/pub/bench/x", b.httpPort(), "/sub/bench", n, messages, rate);
      print(out, "Taskbus 2 nodes, N=" + n + " paced", cross, mine);
      if (durableStore != null) {
        durable(out, clients, fanOut);
      }
      if (idle > 0) {
        IdleSubscribers.Result memory = IdleSubscribers.measure(clients, idle);
        out.printf(
            "%d idle subscribers on one node (own JVM): heap %d KB -> %d KB, %.1f KB each%n",
            memory.subscribers(),
            memory.heapBeforeKb(),
            memory.heapAfterKb(),
            memory.bytesEach() / 1024);
      }
      out.println(
          "ratio: deliveries/s against the line above it (1 node vs raw, 2 nodes vs 1 node);");
      out.println("       for paced runs, p99 against the same line instead.");
    } finally {
      fanOut.close();
      for (Taskbus node : new Taskbus[] {one, a, b}) {
        await(node.close());
      }
      for (Vertx vertx : new Vertx[] {clients, raw, single, vertxA, vertxB}) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Durable against ephemeral on one node and store, then resuming a long history. */
  private void durable(PrintStream out, Vertx clients, FanOut fanOut) throws Exception {
    if (durableStore.startsWith("sqlite:") && !durableStore.contains(":memory:")) {
      java.nio.file.Path file = java.nio.file.Path.of(durableStore.substring("sqlite:".length()));
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(file + suffix));
      }
    }
    Vertx vertx = Vertx.vertx();
    String run = Long.toString(System.currentTimeMillis(), 36);
    String prefix = "durable-" + run;
    TaskbusConfig config =
        TaskbusConfig.of(
            Map.of(
                "store", durableStore,
                "http.port", "0",
                "worker.enabled", "false",
                "plugins.dir", "no-plugins",
                "bus.durable", prefix,
                "bus.durable.max-count", "1000000",
                "bus.write-queue-bytes", Integer.toString(8 << 20)));
    Taskbus node = await(Taskbus.deploy(vertx, config, new TaskRegistry(), Clock.systemUTC()));
    try {
      int port = node.httpPort();
      int n = PACED_SUBSCRIBERS;
      int messages = Math.max(200, deliveries / n);
      out.printf("durable streams on %s, N=%d:%n", durableStore, n);
      FanOut.Result ephemeral =
          fanOut.run(port, "/pub/eph-" + run + "/x", port, "/sub/eph-" + run, n, messages, 0);
      print(out, "ephemeral, flood", ephemeral, ephemeral);
      FanOut.Result stored =
          fanOut.run(port, "/pub/" + prefix + "/x", port, "/sub/" + prefix, n, messages, 0);
      print(out, "durable, flood", stored, ephemeral);
      FanOut.Result paced =
          fanOut.run(
              port,
              "/pub/" + prefix + "/p",
              port,
              "/sub/" + prefix + "/p",
              n,
              rate * pacedSeconds,
              rate);
      print(out, "durable, paced", paced, paced);
      DurableResume.Result resume = DurableResume.run(clients, port, prefix + "/r", resumeCount);
      out.printf(
          "%-34s %12.0f msgs/s stored with acks, %.0f msgs/s resumed%n",
          "durable, resume " + resumeCount, resume.storedPerSecond(), resume.resumedPerSecond());
    } finally {
      await(node.close());
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void print(
      PrintStream out, String name, FanOut.Result result, FanOut.Result reference) {
    Histogram h = result.latencyMicros();
    boolean paced = name.endsWith("paced");
    double ratio =
        paced
            ? h.getValueAtPercentile(99)
                / (double) Math.max(1, reference.latencyMicros().getValueAtPercentile(99))
            : result.deliveriesPerSecond() / reference.deliveriesPerSecond();
    out.printf(
        "%-34s %12.0f %9.2f %9.2f %9.2f %7.2fx%n",
        name,
        result.deliveriesPerSecond(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0,
        ratio);
  }

  private static Taskbus node(Vertx vertx) throws Exception {
    TaskbusConfig config =
        TaskbusConfig.of(
            Map.of(
                "store", "sqlite::memory:",
                "http.port", "0",
                "worker.enabled", "false",
                "plugins.dir", "no-plugins",
                "bus.write-queue-bytes", Integer.toString(8 << 20)));
    return await(Taskbus.deploy(vertx, config, new TaskRegistry(), Clock.systemUTC()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
