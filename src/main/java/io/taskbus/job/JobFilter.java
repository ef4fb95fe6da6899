package io.taskbus.job;

import java.util.List;

/** Which jobs to list; empty lists match everything. Newest first, paged. */
public record JobFilter(
    List<JobState> states,
    List<String> queues,
    List<String> tasks,
    List<Long> ids,
    List<String> notes,
    Long before,
    int offset,
    int limit) {

  public static final int MAX_LIMIT = 1000;

  public JobFilter {
    states = states == null ? List.of() : List.copyOf(states);
    queues = queues == null ? List.of() : List.copyOf(queues);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    ids = ids == null ? List.of() : List.copyOf(ids);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public static JobFilter all(int limit) {
    return new JobFilter(null, null, null, null, null, null, 0, limit);
  }
}
