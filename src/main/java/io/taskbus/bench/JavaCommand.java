package io.taskbus.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a class of this build in a JVM of its own, as this one runs. */
final class JavaCommand {
  private JavaCommand() {}

  static List<String> of(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
