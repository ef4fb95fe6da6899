package io.taskbus.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A Taskbus node in a JVM of its own, started like `taskbus up`, that tests can kill -9. */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final CountDownLatch up = new CountDownLatch(1);
  private final StringBuilder output = new StringBuilder();

  public NodeProcess(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.taskbus.cli.TaskbusCommand");
    command.add("up");
    command.addAll(List.of(args));
    try {
      process =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.startsWith("Taskbus is up")) {
                    up.countDown();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Writes a properties file of {@code pairs} (key, value, key, value...) for {@code --conf}. */
  public static Path conf(Path file, String... pairs) {
    StringBuilder settings = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      settings.append(pairs[i]).append('=').append(pairs[i + 1]).append('\n');
    }
    try {
      java.nio.file.Files.writeString(file, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A port nothing listens on now, for a node to take. */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public NodeProcess awaitUp() {
    try {
      if (!up.await(90, TimeUnit.SECONDS)) {
        throw new AssertionError("node did not start:\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return this;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** SIGTERM, then waits for the process to end; answers whether it ended within the time. */
  public boolean terminate(int seconds) {
    process.destroy();
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
