package io.taskbus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * A {@link JobEventSubscriber} in a JVM of its own. In the node's JVM its WebSocket client shared
 * Netty's classes with the node's server: each time it connected and closed, code the node had
 * compiled for server frames was thrown away and compiled again (the frame encoder, the pipeline's
 * read-complete), so every subscribed round paid for compiling that a node serving other processes
 * does not. One process serves the whole benchmark and connects for each round.
 */
final class SubscriberProcess implements AutoCloseable {
  private static final long ANSWER_SECONDS = 60;
  private static final String ENDED = "nothing: its process ended";

  private final Process process;
  private final PrintStream commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Histogram>> expected = new ConcurrentHashMap<>();
  private volatile String dropped;
  private volatile boolean ended;

  private SubscriberProcess(Process process) {
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "job-event-subscriber-answers");
    reader.setDaemon(true);
    reader.start();
  }

  static SubscriberProcess start() throws IOException {
    Process process =
        new ProcessBuilder(JavaCommand.of(JobEventSubscriber.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new SubscriberProcess(process);
  }

  /** Subscribes to {@code topic} on the node at {@code port}. */
  void connect(int port, String topic) throws Exception {
    dropped = null;
    ask("connect " + port + " " + topic, "connected");
  }

  void disconnect() throws Exception {
    if (ended) {
      return; // nothing to disconnect, and whatever waited on it has failed already
    }
    ask("disconnect", "disconnected");
    expected.clear();
  }

  /** CPU time the subscriber's JVM has used, in microseconds. */
  long cpuMicros() throws Exception {
    return Long.parseLong(ask("cpu", "cpu").substring("cpu ".length()));
  }

  /** Time the subscriber's JIT compilers have spent, in milliseconds. */
  long compilingMillis() throws Exception {
    return Long.parseLong(ask("jit", "jit").substring("jit ".length()));
  }

  /**
   * Counts the next {@code count} finished events of {@code task}; the answer completes when the
   * last has arrived, with finished → event for each where {@code timed}, else null.
   */
  CompletableFuture<Histogram> expect(String task, int count, boolean timed) throws Exception {
    CompletableFuture<Histogram> done = new CompletableFuture<>();
    expected.put(task, done);
    // Answered once the subscriber counts, so no event of the task comes before.
    ask("expect " + task + " " + count + " " + timed, "expecting");
    return done;
  }

  /** Waits for {@link #expect}'s answer, failing with why it did not come. */
  Histogram await(CompletableFuture<Histogram> done, String task, long minutes) throws Exception {
    try {
      return done.get(minutes, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the subscriber did not receive every finished event of "
              + task
              + " within "
              + minutes
              + " min"
              + (dropped == null ? "" : "; it was " + dropped));
    }
  }

  private String ask(String command, String answer) throws Exception {
    commands.println(command);
    String line = ended ? ENDED : answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
    if (line == null || !line.startsWith(answer)) {
      throw new IllegalStateException(
          "the subscriber's process answered " + line + " to " + command);
    }
    return line;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.startsWith(JobEventSubscriber.ANSWER)) {
          System.err.println(line);
          continue;
        }
        String answer = line.substring(JobEventSubscriber.ANSWER.length());
        if (answer.startsWith("done ")) {
          String[] words = answer.split(" ");
          CompletableFuture<Histogram> done = expected.remove(words[1]);
          if (done != null) {
            done.complete(words[2].equals("-") ? null : decode(words[2]));
          }
        } else if (answer.startsWith("dropped ")) {
          dropped = "closed by the node: " + answer.substring("dropped ".length());
          System.err.println("job event subscriber " + dropped);
          expected.values().forEach(done -> done.completeExceptionally(droppedError()));
        } else {
          answers.add(answer);
        }
      }
    } catch (IOException e) {
      // Ended with the process, as below.
    }
    // Nothing more will come: fail what waits for it now rather than at its time-out.
    ended = true;
    answers.add(ENDED);
    IllegalStateException gone = new IllegalStateException("the subscriber's process ended");
    expected.values().forEach(done -> done.completeExceptionally(gone));
  }

  private IllegalStateException droppedError() {
    return new IllegalStateException("the subscriber was " + dropped);
  }

  private static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalStateException("the subscriber sent an unreadable histogram", e);
    }
  }

  @Override
  public void close() throws Exception {
    commands.println("exit");
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
