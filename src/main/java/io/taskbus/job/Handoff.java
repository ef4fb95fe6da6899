package io.taskbus.job;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** New jobs' ids in the order given, and the ready jobs a worker took in the same transaction. */
public record Handoff(List<Long> ids, List<Job> taken) {

  /**
   * Whether some new job was not taken. The worker takes in priority order, possibly older jobs
   * rather than the new ones, so a count would not tell; the dispatchers must hear of those left.
   */
  public boolean leftReady() {
    Set<Long> took = taken.stream().map(Job::id).collect(Collectors.toSet());
    return !took.containsAll(ids);
  }
}
