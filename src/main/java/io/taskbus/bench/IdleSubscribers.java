package io.taskbus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap per idle subscriber: a node in its own JVM (so client objects are not counted), its heap
 * after a full GC measured with jcmd before and after N subscribers connect.
 */
final class IdleSubscribers {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  record Result(int subscribers, long heapBeforeKb, long heapAfterKb) {
    double bytesEach() {
      return (heapAfterKb - heapBeforeKb) * 1024.0 / subscribers;
    }
  }

  static Result measure(Vertx clients, int subscribers) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process node =
        new ProcessBuilder(
                JavaCommand.of(
                    "io.taskbus.cli.TaskbusCommand",
                    "up",
                    "--no-worker",
                    "--store",
                    "sqlite::memory:",
                    "--port",
                    Integer.toString(port),
                    "--conf",
                    "no-such-file"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null && !line.startsWith("Taskbus is up"); ) {
        // wait for the node
      }
      long before = heapKb(node.pid());
      WebSocketClient client =
          clients.createWebSocketClient(
              new WebSocketClientOptions().setMaxConnections(subscribers + 100));
      List<Future<WebSocket>> connecting = new ArrayList<>();
      List<WebSocket> sockets = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        connecting.add(client.connect(port, "127.0.0.1", "/sub/idle/" + (i % 100)));
        if (connecting.size() == 200) {
          for (Future<WebSocket> f : connecting) {
            sockets.add(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
          }
          connecting.clear();
        }
      }
      for (Future<WebSocket> f : connecting) {
        sockets.add(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      }
      Thread.sleep(1000);
      long after = heapKb(node.pid());
      for (WebSocket socket : sockets) {
        socket.close();
      }
      client.close();
      return new Result(sockets.size(), before, after);
    } finally {
      node.destroy();
      node.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Used heap after a full collection, from jcmd. */
  private static long heapKb(long pid) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(pid), "GC.run");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    Matcher used = USED.matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("cannot read the heap from jcmd: " + info);
    }
    return Long.parseLong(used.group(1));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }
}
