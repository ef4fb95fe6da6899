package io.taskbus.audit;

import io.vertx.core.Future;

/**
 * The archive of job events: the {@code jobs} stream, which purging jobs does not touch. It keeps
 * events for {@code audit.max-age} (default: for ever).
 */
public interface AuditLog {
  Future<AuditPage> events(AuditQuery query);
}
