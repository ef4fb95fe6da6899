package io.taskbus.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an audit query for either database. Task and queue narrow by topic first
 * (cheap), then compare the record's field, so names containing slashes still match exactly.
 */
final class AuditConditions {
  /** How a dialect writes a parameter and reads a field of the stored event. */
  interface Dialect {
    String param(int n);

    /** The text of {@code job.FIELD} (or the top-level field when {@code job} is false). */
    String field(boolean job, String field);

    /** True when {@code text} occurs in {@code column}. */
    String contains(String column, String text);
  }

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();
  private final Dialect dialect;

  AuditConditions(AuditQuery q, Dialect dialect) {
    this.dialect = dialect;
    add("stream = " + next(), "jobs");
    add("seq > " + next(), q.after());
    if (q.job() != null) {
      add("job = " + next(), q.job());
    }
    if (q.task() != null) {
      String p = next();
      conditions.add(dialect.contains("topic", "'/' || " + p + " || '/'"));
      params.add(q.task());
      add(dialect.field(true, "task") + " = " + next(), q.task());
    }
    if (q.queue() != null) {
      add(dialect.field(true, "queue") + " = " + next(), q.queue());
    }
    if (q.state() != null) {
      add(dialect.field(true, "state") + " = " + next(), q.state());
    }
    if (q.event() != null) {
      add(dialect.field(false, "event") + " = " + next(), q.event());
    }
  }

  private String next() {
    return dialect.param(params.size() + 1);
  }

  private void add(String condition, Object param) {
    conditions.add(condition);
    params.add(param);
  }

  /** Adds a condition on the time column with a dialect-specific value. */
  void time(String operator, Object value) {
    add("time " + operator + " " + next(), value);
  }

  String where() {
    return " WHERE " + String.join(" AND ", conditions);
  }

  List<Object> params() {
    return params;
  }

  String limitParam() {
    return next();
  }
}
