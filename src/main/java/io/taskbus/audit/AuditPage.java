package io.taskbus.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of job events; {@code next} is the {@code after} of the next page, null at the end. */
public record AuditPage(List<AuditEntry> events, Long next) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("events", new JsonArray(events.stream().map(AuditEntry::toJson).toList()))
        .put("next", next);
  }
}
