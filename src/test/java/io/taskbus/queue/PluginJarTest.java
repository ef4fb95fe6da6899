package io.taskbus.queue;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.TaskbusConfig;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.NewJob;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin compiled and packed into a jar during the test is found in the plugins folder. */
class PluginJarTest {
  static final String UUID_TASK = "6f1c2e8a-1d2b-4c8e-9a57-0d3f5b1e9c42";
  static final String SOURCE =
      """
      package acme;

      import io.taskbus.queue.TaskPlugin;
      import io.taskbus.queue.TaskRegistry;

      public class AcmePlugin implements TaskPlugin {
        @Override
        public void register(TaskRegistry registry) {
          registry.add("acme upper-case", job -> job.args().getString(0).toUpperCase());
          registry.add("%s", job -> "ran by uuid");
        }
      }
      """
          .formatted(UUID_TASK);

  @TempDir Path folder;

  Path buildPluginJar() throws IOException {
    Path src = folder.resolve("src/acme/AcmePlugin.java");
    Path classes = folder.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, SOURCE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.toString());
    assertEquals(0, status, "plugin compiles");
    Path plugins = Files.createDirectories(folder.resolve("plugins"));
    Path jar = plugins.resolve("acme-plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + TaskPlugin.class.getName()));
      OutputStream entry = out;
      entry.write("acme.AcmePlugin\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return plugins;
  }

  @Test
  void a_worker_runs_the_tasks_of_a_plugin_jar_from_the_plugins_folder() throws IOException {
    Path plugins = buildPluginJar();
    TaskRegistry registry = new TaskRegistry();
    PluginLoader.load(plugins, getClass().getClassLoader()).forEach(registry::addPlugin);
    assertTrue(registry.names().containsAll(List.of("acme upper-case", UUID_TASK, "echo")));

    Vertx vertx = Vertx.vertx();
    var settings = Nodes.settings("sqlite::memory:", "plugins.dir", plugins.toString());
    Taskbus taskbus = await(Taskbus.deploy(vertx, TaskbusConfig.of(settings)));
    try {
      long upper = await(taskbus.enqueue(NewJob.of("acme upper-case", "livesys")));
      long uuid = await(taskbus.enqueue(NewJob.of(UUID_TASK)));
      Await.until(
          () ->
              Stream.of(upper, uuid)
                  .allMatch(
                      id -> await(taskbus.job(id)).orElseThrow().state() == JobState.FINISHED),
          20);
      Job job = await(taskbus.job(upper)).orElseThrow();
      assertEquals("LIVESYS", job.result());
      assertEquals("ran by uuid", await(taskbus.job(uuid)).orElseThrow().result());
    } finally {
      await(taskbus.close());
      await(vertx.close());
    }
  }
}
