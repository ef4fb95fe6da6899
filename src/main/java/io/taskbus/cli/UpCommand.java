package io.taskbus.cli;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.cluster.Cluster;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    description =
        "Start a Taskbus node: HTTP API, dispatch, repair and (unless --no-worker) a worker.")
final class UpCommand implements Callable<Integer> {
  @Option(
      names = "--conf",
      defaultValue = "conf/taskbus.properties",
      description = "Settings file (default: ${DEFAULT-VALUE}; missing is fine).")
  Path conf;

  @Option(
      names = "--store",
      description =
          "sqlite:PATH, sqlite::memory: or postgresql://user@host:port/db (default: "
              + TaskbusConfig.DEFAULT_STORE
              + ").")
  String store;

  @Option(names = "--host", description = "Address the HTTP API binds to (default: 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "HTTP port (default: 8080).")
  Integer port;

  @Option(names = "--no-worker", description = "Run no worker on this node.")
  boolean noWorker;

  @Option(names = "--jobs", description = "Jobs this worker runs at once (default: 4).")
  Integer jobs;

  @Option(
      names = "--queue",
      description = "A queue this worker serves (repeatable; default: default).")
  List<String> queues;

  @Option(names = "--plugins", description = "Folder of task plugin jars (default: plugins).")
  Path plugins;

  @Option(
      names = "--durable",
      description =
          "A durable topic prefix (repeatable): PREFIX and PREFIX/** are stored before they are"
              + " acknowledged and can be resumed; adds to bus.durable.")
  List<String> durable;

  @Option(
      names = "--cluster",
      description =
          "Join the other nodes of the cluster (Hazelcast, settings in conf/cluster.xml): bus"
              + " subscribers and pullers on every node receive what any node publishes.")
  boolean cluster;

  @Override
  public Integer call() throws Exception {
    Properties settings = TaskbusConfig.load(conf);
    set(settings, "store", store);
    set(settings, "http.host", host);
    set(settings, "http.port", port);
    set(settings, "worker.jobs", jobs);
    set(settings, "worker.queues", queues == null ? null : String.join(",", queues));
    set(settings, "plugins.dir", plugins);
    if (noWorker) {
      settings.setProperty("worker.enabled", "false");
    }
    if (cluster) {
      settings.setProperty("cluster.enabled", "true");
    }
    if (durable != null) {
      String configured = settings.getProperty("bus.durable", "").strip();
      settings.setProperty(
          "bus.durable",
          (configured.isEmpty() ? "" : configured + ",") + String.join(",", durable));
    }
    TaskbusConfig config = TaskbusConfig.from(settings);
    Vertx vertx;
    Taskbus taskbus;
    try {
      vertx =
          Boolean.parseBoolean(settings.getProperty("cluster.enabled", "false"))
              ? Cluster.join(
                      Path.of(settings.getProperty("cluster.config", "conf/cluster.xml")),
                      settings.getProperty("cluster.host", "127.0.0.1"))
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get()
              : Vertx.vertx();
    } catch (Exception e) {
      System.err.println("error: could not join the cluster: " + rootMessage(e));
      return 1;
    }
    try {
      taskbus = Taskbus.deploy(vertx, config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      System.err.println("error: could not start Taskbus: " + rootMessage(e));
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping: finishing running jobs...");
                  try {
                    taskbus
                        .close()
                        .compose(v -> vertx.close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(config.execution().shutdownGrace().toSeconds() + 10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("Stopped with an error: " + rootMessage(e));
                  }
                  stopped.countDown();
                }));
    String url = "http://" + config.httpHost() + ":" + taskbus.httpPort();
    System.out.println("Taskbus is up.");
    System.out.println("  store:   " + config.store());
    System.out.println("  HTTP:    " + url + "/api");
    System.out.println(
        "  bus:     ws://"
            + config.httpHost()
            + ":"
            + taskbus.httpPort()
            + "/{bus,pub,sub,push,pull}/TOPIC"
            + (vertx.isClustered() ? " (clustered)" : ""));
    System.out.println(
        config.worker()
            ? "  worker:  "
                + taskbus.workerId()
                + ", "
                + config.execution().jobs()
                + " slots, queues "
                + config.execution().queues()
            : "  worker:  none (--no-worker)");
    if (!config.bus().durablePrefixes().isEmpty()) {
      System.out.println("  durable: " + config.bus().durablePrefixes());
    }
    System.out.println("Try:");
    System.out.println("  bin/taskbus enqueue echo '[\"hello\"]'        # prints {\"id\": N}");
    System.out.println(
        "  bin/taskbus job N                            # state, result, timestamps");
    System.out.println(
        "  bin/taskbus sub jobs                         # every job change, as it happens");
    System.out.println("  curl -s " + url + "/api/stats");
    System.out.println("Stop with Ctrl-C (running jobs finish first).");
    stopped.await();
    return 0;
  }

  private static void set(Properties settings, String key, Object value) {
    if (value != null) {
      settings.setProperty(key, value.toString());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
