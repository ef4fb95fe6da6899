package io.taskbus.queue;

import io.taskbus.job.Completion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Job outcomes that could not be written yet, kept on disk so they outlive the node: appended and
 * forced to disk when a write to the store fails, read back when the worker starts, and deleted
 * once everything is written. Writing one twice is harmless (the store ignores an outcome whose job
 * moved on). One node per spool folder.
 */
final class ResultSpool {
  private final Vertx vertx;
  private final Path file;

  ResultSpool(Vertx vertx, Path folder) {
    this.vertx = vertx;
    this.file = folder.resolve("results.jsonl");
  }

  Path file() {
    return file;
  }

  /** The outcomes a previous run of this node left unwritten. */
  Future<List<Completion>> load() {
    return vertx.executeBlocking(
        () -> {
          List<Completion> kept = new ArrayList<>();
          if (!Files.exists(file)) {
            return kept;
          }
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
              continue;
            }
            try {
              JsonObject json = new JsonObject(line);
              kept.add(
                  new Completion(
                      json.getLong("job"),
                      json.getInteger("retries"),
                      json.getBoolean("succeeded"),
                      json.getValue("result")));
            } catch (RuntimeException torn) {
              // the last line of a node killed while appending; its outcome is not lost, as
              // the append had not returned, the job is still active and repair retries it
            }
          }
          return kept;
        },
        false);
  }

  /** Appends outcomes and forces them to disk. */
  Future<Void> keep(List<Completion> completions) {
    StringBuilder lines = new StringBuilder();
    for (Completion c : completions) {
      lines
          .append(
              new JsonObject()
                  .put("job", c.jobId())
                  .put("retries", c.retries())
                  .put("succeeded", c.succeeded())
                  .put("result", c.result())
                  .encode())
          .append('\n');
    }
    return vertx.executeBlocking(
        () -> {
          Files.createDirectories(file.getParent());
          try (FileChannel channel =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
          }
          return null;
        },
        true);
  }

  /** Everything kept has been written. */
  Future<Void> clear() {
    return vertx.executeBlocking(
        () -> {
          Files.deleteIfExists(file);
          return null;
        },
        true);
  }
}
