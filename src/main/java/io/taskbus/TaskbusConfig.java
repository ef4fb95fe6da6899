package io.taskbus;

import io.taskbus.bus.BusOptions;
import io.taskbus.job.NodeNames;
import io.taskbus.job.RepairPolicy;
import io.taskbus.queue.ExecutionOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * A node's settings. Read from {@code conf/taskbus.properties} (every key is documented there),
 * overridden by command-line options; anything unset keeps its default.
 */
public record TaskbusConfig(
    String node,
    String store,
    int storePoolSize,
    boolean http,
    String httpHost,
    int httpPort,
    long maxBodyBytes,
    boolean worker,
    ExecutionOptions execution,
    Path plugins,
    int dispatchBatch,
    RepairPolicy repair,
    Duration repairInterval,
    Duration auditMaxAge,
    BusOptions bus) {

  public static final String DEFAULT_STORE = "sqlite:data/taskbus.db";

  public static TaskbusConfig defaults() {
    return of(Map.of());
  }

  /** Defaults with the given properties applied. */
  public static TaskbusConfig of(Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(settings);
    return from(properties);
  }

  public static Properties load(Path file) {
    Properties properties = new Properties();
    if (file != null && Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return properties;
  }

  public static TaskbusConfig from(Properties p) {
    Settings s = new Settings(p);
    return new TaskbusConfig(
        s.text("node.name", NodeNames.generate()),
        s.text("store", DEFAULT_STORE),
        s.integer("store.pool-size", 8, 1),
        s.bool("http.enabled", true),
        s.text("http.host", "127.0.0.1"),
        s.integer("http.port", 8080, 0),
        s.integer("http.max-body-bytes", 1 << 20, 1),
        s.bool("worker.enabled", true),
        new ExecutionOptions(
            Arrays.stream(s.text("worker.queues", "default").split(","))
                .map(String::strip)
                .filter(q -> !q.isEmpty())
                .toList(),
            s.integer("worker.jobs", 4, 0),
            s.seconds("worker.heartbeat-interval", 10),
            s.seconds("worker.poll-interval", 5),
            s.seconds("worker.shutdown-grace", 30),
            Path.of(s.text("worker.spool-dir", "data/spool"))),
        Path.of(s.text("plugins.dir", "plugins")),
        s.integer("dispatch.batch", 100, 1),
        new RepairPolicy(
            s.seconds("repair.missing-after", 60),
            s.seconds("repair.remove-after", 2 * 24 * 3600),
            s.seconds("repair.stuck-after", 2 * 24 * 3600)),
        s.seconds("repair.interval", 30),
        s.text("audit.max-age", "forever").equals("forever") ? null : s.seconds("audit.max-age", 0),
        new BusOptions(
            Arrays.stream(s.text("bus.allowed-origins", "").split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .toList(),
            s.integer("bus.max-message-bytes", 65_536, 1),
            s.seconds("bus.ping-interval", 30),
            s.seconds("bus.pong-timeout", 10),
            s.integer("bus.write-queue-bytes", 1 << 20, 1024),
            s.integer("bus.pending-push-limit", 10_000, 0),
            Arrays.stream(s.text("bus.durable", "").split(","))
                .map(String::strip)
                .filter(prefix -> !prefix.isEmpty())
                .toList(),
            s.integer("bus.durable.max-count", 100_000, 1),
            s.seconds("bus.durable.max-age", 24 * 3600),
            s.seconds("bus.push.ack-timeout", 30),
            s.integer("bus.push.max-deliveries", 5, 1)));
  }

  /** Typed reads of properties, failing with the key, the value and what is accepted. */
  private record Settings(Properties p) {
    String text(String key, String fallback) {
      String value = p.getProperty(key);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    int integer(String key, int fallback, int min) {
      String value = text(key, null);
      if (value == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(value);
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException(
          key + " must be an integer of at least " + min + ", got \"" + value + "\"");
    }

    boolean bool(String key, boolean fallback) {
      String value = text(key, null);
      if (value == null) {
        return fallback;
      }
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new IllegalArgumentException(key + " must be true or false, got \"" + value + "\"");
    }

    Duration seconds(String key, double fallback) {
      String value = text(key, null);
      double seconds = fallback;
      if (value != null) {
        try {
          seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          seconds = -1;
        }
        if (!(seconds > 0)) {
          throw new IllegalArgumentException(
              key + " must be a positive number of seconds, got \"" + value + "\"");
        }
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }
  }
}
