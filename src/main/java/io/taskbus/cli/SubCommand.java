package io.taskbus.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "sub",
    description = {
      "Print messages on a topic as they arrive: time, topic, message.",
      "Binary messages print as base64."
    })
final class SubCommand implements Callable<Integer> {
  @Mixin ApiClient api;
  @Spec CommandSpec spec;

  @Parameters(description = "The topic; a subscriber of a/b also receives a/b/c.")
  String topic;

  @Option(names = "--mode", defaultValue = "sub", description = "sub, bus or pull (default: sub).")
  String mode;

  @Option(names = "--count", description = "Exit after this many messages.")
  Integer count;

  @Option(
      names = "--envelope",
      description = "Print durable messages with their topic, offset, epoch and time (JSON).")
  boolean envelope;

  @Option(
      names = "--since",
      description = "Resume a durable topic after this offset (with --epoch): nothing missed.")
  Long since;

  @Option(names = "--epoch", description = "The epoch the --since offset belongs to.")
  String epoch;

  private String query() {
    StringBuilder query = new StringBuilder();
    if (envelope) {
      query.append("&envelope=1");
    }
    if (since != null) {
      query
          .append("&since=")
          .append(since)
          .append("&epoch=")
          .append(URLEncoder.encode(epoch, StandardCharsets.UTF_8));
    }
    return query.isEmpty() ? "" : "?" + query.substring(1);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!mode.equals("sub") && !mode.equals("bus") && !mode.equals("pull")) {
      err.println("error: --mode must be sub, bus or pull, got " + mode);
      err.flush();
      return 2;
    }
    if ((since == null) != (epoch == null)) {
      err.println("error: --since and --epoch go together (an offset is only valid in its epoch)");
      err.flush();
      return 2;
    }
    URI uri =
        URI.create(
            api.url.replaceFirst("^http", "ws").replaceAll("/+$", "")
                + "/"
                + mode
                + "/"
                + topic
                + query());
    CountDownLatch done = new CountDownLatch(count == null ? 1 : count);
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket.Listener printer =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              print(text.toString());
              text.setLength(0);
            }
            socket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            print(Base64.getEncoder().encodeToString(bytes));
            socket.request(1);
            return null;
          }

          private void print(String message) {
            synchronized (out) {
              out.println(Instant.now() + " " + topic + " " + message);
              out.flush();
            }
            if (count != null) {
              done.countDown();
            }
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete("closed by the node: " + code + " " + reason);
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            closed.complete("connection failed: " + error.getMessage());
          }
        };
    WebSocket socket;
    try {
      socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, printer).join();
    } catch (Exception e) {
      err.println("error: cannot subscribe at " + uri + ": " + UpCommand.rootMessage(e));
      err.flush();
      return 1;
    }
    closed.thenRun(
        () -> {
          while (done.getCount() > 0) {
            done.countDown();
          }
        });
    done.await();
    if (closed.isDone()) {
      err.println(closed.get());
      err.flush();
      return 1;
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    return 0;
  }
}
