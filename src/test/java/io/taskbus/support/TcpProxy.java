package io.taskbus.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between Taskbus and a server, to cut the link for real: {@link #cut()}
 * drops every connection and refuses new ones until {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
  }

  public int port() {
    return port;
  }

  /** The same PostgreSQL database as {@code database}, reached through this proxy. */
  public String postgres(java.net.URI database) {
    return "postgresql://" + database.getUserInfo() + "@127.0.0.1:" + port + database.getPath();
  }

  private ServerSocket listen(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // the link was cut or closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Drops every connection and refuses new ones. */
  public void cut() {
    closeQuietly(listener);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Accepts connections again, on the same port. */
  public void restore() throws IOException {
    listener = listen(port);
  }

  @Override
  public void close() {
    cut();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
