package io.taskbus.audit;

import io.vertx.core.json.JsonObject;

/** One archived job event and its offset in the {@code jobs} stream. */
public record AuditEntry(long offset, JsonObject event) {
  /** The event with its offset: {@code {"offset","event","at","node","job"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("offset", offset).mergeIn(event);
  }
}
