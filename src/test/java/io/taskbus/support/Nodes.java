package io.taskbus.support;

import static io.taskbus.support.Await.await;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.queue.TaskRegistry;
import io.taskbus.queue.example.ExamplePlugin;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts Taskbus nodes for tests: HTTP on a free port, quick polling, no plugins folder. */
public final class Nodes {
  private Nodes() {}

  public static Map<String, String> settings(String store, String... pairs) {
    Map<String, String> settings = new HashMap<>();
    settings.put("store", store);
    settings.put("http.port", "0");
    settings.put("worker.poll-interval", "0.5");
    settings.put("plugins.dir", "no-such-folder");
    // Each node its own result spool, so no node replays another's results.
    try {
      settings.put(
          "worker.spool-dir", java.nio.file.Files.createTempDirectory("taskbus-spool").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    return settings;
  }

  /**
   * Settings for fault tests: a worker missing for {@code missingAfter} seconds is declared gone,
   * repair and heartbeats every {@code tick} seconds, 4 slots; {@code more} adds to them.
   */
  public static String[] fastRepair(String missingAfter, String tick, String... more) {
    List<String> pairs =
        new ArrayList<>(
            List.of(
                "repair.missing-after",
                missingAfter,
                "repair.interval",
                tick,
                "worker.heartbeat-interval",
                tick,
                "worker.jobs",
                "4"));
    pairs.addAll(List.of(more));
    return pairs.toArray(String[]::new);
  }

  public static TaskRegistry examples() {
    return new TaskRegistry().addPlugin(new ExamplePlugin());
  }

  public static Taskbus start(Vertx vertx, TaskRegistry registry, String store, String... pairs) {
    return await(
        Taskbus.deploy(
            vertx, TaskbusConfig.of(settings(store, pairs)), registry, Clock.systemUTC()));
  }
}
