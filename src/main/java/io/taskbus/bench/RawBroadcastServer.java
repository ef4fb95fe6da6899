package io.taskbus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline: the least a Vert.x WebSocket broadcast can do, with no topics, limits or cluster.
 * Every text message goes to every other connection.
 */
final class RawBroadcastServer {
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();

  Future<HttpServer> start(Vertx vertx) {
    return vertx
        .createHttpServer()
        .webSocketHandler(
            socket -> {
              sockets.add(socket);
              socket.closeHandler(v -> sockets.remove(socket));
              socket.textMessageHandler(
                  text -> {
                    for (ServerWebSocket other : sockets) {
                      if (other != socket) {
                        other.writeTextMessage(text);
                      }
                    }
                  });
            })
        .listen(0, "127.0.0.1");
  }
}
