package io.taskbus.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The WHERE clause of a job listing, with its parameters. Dialects differ only in how they spell a
 * placeholder and a test for a key in the notes.
 */
public final class JobFilterSql {
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();
  private final IntFunction<String> placeholder;

  public JobFilterSql(
      JobFilter filter, IntFunction<String> placeholder, IntFunction<String> noteKeyExists) {
    this.placeholder = placeholder;
    // States are a closed set, written as literals: the planner then sees which state's partial
    // index serves the listing, which a parameter would hide from a cached generic plan.
    if (!filter.states().isEmpty()) {
      conditions.add(
          filter.states().stream()
              .map(state -> "state = '" + state.wireName() + "'")
              .collect(Collectors.joining(" OR ", "(", ")")));
    }
    in("queue", filter.queues());
    in("task", filter.tasks());
    in("id", filter.ids());
    for (String key : filter.notes()) {
      params.add(key);
      conditions.add(noteKeyExists.apply(params.size()));
    }
    if (filter.before() != null) {
      params.add(filter.before());
      conditions.add("id < " + placeholder.apply(params.size()));
    }
  }

  private void in(String column, List<?> values) {
    if (values.isEmpty()) {
      return;
    }
    List<String> marks = new ArrayList<>();
    for (Object value : values) {
      params.add(value);
      marks.add(placeholder.apply(params.size()));
    }
    conditions.add(column + " IN (" + String.join(", ", marks) + ")");
  }

  public String where() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  public List<Object> params() {
    return params;
  }
}
