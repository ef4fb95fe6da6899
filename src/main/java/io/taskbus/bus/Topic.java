package io.taskbus.bus;

import java.util.ArrayList;
import java.util.List;

/**
 * A hierarchical topic name: segments separated by {@code /}, like {@code livesys/42/commands}. A
 * subscriber of {@code livesys} receives what is published to every topic below it.
 */
public record Topic(String name) {
  public static final int MAX_LENGTH = 512;

  public Topic {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why {@code name} is not a topic, or null if it is one. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "the topic is missing: use a path like /sub/livesys/42";
    }
    if (name.length() > MAX_LENGTH) {
      return "the topic is longer than " + MAX_LENGTH + " characters";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        return "topic \""
            + name
            + "\" has an empty segment; segments are separated by single slashes";
      }
    }
    return null;
  }

  /** {@code a/b/c} → {@code [a, a/b, a/b/c]}: every topic whose subscribers receive this one. */
  public List<String> withParents() {
    List<String> topics = new ArrayList<>();
    int slash = name.indexOf('/');
    while (slash >= 0) {
      topics.add(name.substring(0, slash));
      slash = name.indexOf('/', slash + 1);
    }
    topics.add(name);
    return topics;
  }
}
