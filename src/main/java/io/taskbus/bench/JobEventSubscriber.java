package io.taskbus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A live WebSocket subscriber of job events, in a JVM of its own as a subscribing application would
 * be: {@link SubscriberProcess} starts it and drives it through standard input. It receives every
 * event, counts the finished events of the tasks it is told to expect and, where asked, measures
 * finished → event, from the finish time in the job's record to the moment the event arrives here.
 * Counting does not parse the event (it looks for the task's name in a finished event): what the
 * subscriber's application does with an event is its own cost.
 *
 * <p>Commands, one per line: {@code connect PORT TOPIC}, {@code expect TASK COUNT TIMED}, {@code
 * disconnect}, {@code cpu}, {@code jit}, {@code exit}. Its answers start with {@value #ANSWER}, so
 * whatever else the JVM writes to standard output is told apart.
 */
public final class JobEventSubscriber {
  static final String ANSWER = "@@ ";

  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client =
      vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  private final PrintStream answers;
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private volatile WebSocket socket;

  /** The finished events still to come for one task, and their latency where timed. */
  private static final class Expected {
    private final String needle;
    private final Histogram latency;
    private int left;

    Expected(String task, int count, boolean timed) {
      this.needle = new JsonObject().put("task", task).encode().replaceAll("^\\{|\\}$", "");
      this.latency = timed ? new Histogram(3) : null;
      this.left = count;
    }
  }

  private JobEventSubscriber(PrintStream answers) {
    this.answers = answers;
  }

  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JobEventSubscriber subscriber = new JobEventSubscriber(answers);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line; (line = commands.readLine()) != null && !line.equals("exit"); ) {
        subscriber.command(line.split(" "));
      }
    } finally {
      subscriber.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private void command(String[] words) {
    try {
      switch (words[0]) {
        case "connect" -> connect(Integer.parseInt(words[1]), words[2]);
        case "expect" -> {
          expected.put(
              words[1],
              new Expected(words[1], Integer.parseInt(words[2]), Boolean.parseBoolean(words[3])));
          answer("expecting");
        }
        case "disconnect" -> disconnect();
        case "cpu" -> answer("cpu " + MachineCpu.processMicros());
        case "jit" ->
            answer("jit " + ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        default -> answer("failed unknown command " + words[0]);
      }
    } catch (Exception e) {
      answer("failed " + e);
    }
  }

  private void connect(int port, String topic) throws Exception {
    WebSocket connected = FanOut.await(client.connect(port, "127.0.0.1", "/sub/" + topic));
    connected.textMessageHandler(this::event);
    connected.closeHandler(
        v -> {
          if (socket == connected) {
            // The node dropped us: say so rather than let the benchmark wait for events.
            answer("dropped " + connected.closeStatusCode() + " " + connected.closeReason());
          }
        });
    socket = connected;
    answer("connected");
  }

  private void disconnect() throws Exception {
    WebSocket connected = socket;
    socket = null;
    expected.clear();
    if (connected != null) {
      FanOut.await(connected.close());
    }
    answer("disconnected");
  }

  private void event(String text) {
    Instant received = Instant.now();
    // Only finished events are counted; the others are not worth parsing here.
    if (!text.startsWith("{\"event\":\"finished\"")) {
      return;
    }
    for (Map.Entry<String, Expected> each : expected.entrySet()) {
      Expected task = each.getValue();
      if (text.contains(task.needle)) {
        if (task.latency != null) {
          Instant done =
              Instant.parse(new JsonObject(text).getJsonObject("job").getString("finished"));
          task.latency.recordValue(Math.max(0, Duration.between(done, received).toNanos() / 1000));
        }
        if (--task.left == 0) {
          expected.remove(each.getKey());
          answer("done " + each.getKey() + " " + encode(task.latency));
        }
        return;
      }
    }
  }

  private static String encode(Histogram latency) {
    if (latency == null) {
      return "-";
    }
    ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int length = latency.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  // PrintStream.println is synchronized: answers from the event loop and the command loop do not
  // interleave.
  private void answer(String line) {
    answers.println(ANSWER + line);
  }
}
