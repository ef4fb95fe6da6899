package io.taskbus.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds task plugins on the class path and in the jars of a plugins folder. */
public final class PluginLoader {
  private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

  private PluginLoader() {}

  /** Every plugin visible to {@code parent} plus those in {@code folder}'s jars, if it exists. */
  public static List<TaskPlugin> load(Path folder, ClassLoader parent) {
    ClassLoader loader = parent;
    if (folder != null && Files.isDirectory(folder)) {
      loader = new URLClassLoader(jars(folder), parent);
    }
    List<TaskPlugin> plugins = new ArrayList<>();
    for (TaskPlugin plugin : ServiceLoader.load(TaskPlugin.class, loader)) {
      log.info("Loaded task plugin {}", plugin.name());
      plugins.add(plugin);
    }
    return plugins;
  }

  private static URL[] jars(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted()
          .map(PluginLoader::url)
          .toArray(URL[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugins folder " + folder, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
