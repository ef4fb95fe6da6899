package io.taskbus.audit;

import java.time.Instant;

/**
 * Which job events to return, oldest first: every filter is optional; {@code after} is the offset
 * the previous page ended at (0 for the start).
 */
public record AuditQuery(
    Long job,
    String task,
    String queue,
    String state,
    String event,
    Instant since,
    Instant until,
    long after,
    int limit) {
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    if (after < 0) {
      throw new IllegalArgumentException("after must be an offset of at least 0, got " + after);
    }
  }

  public static AuditQuery ofJob(long job) {
    return new AuditQuery(job, null, null, null, null, null, null, 0, MAX_LIMIT);
  }
}
