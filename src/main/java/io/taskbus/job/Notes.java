package io.taskbus.job;

import io.vertx.core.json.JsonObject;

/** Minion's note semantics: top-level keys are replaced, a null value removes its key. */
public final class Notes {
  private Notes() {}

  public static JsonObject merge(JsonObject notes, JsonObject changes) {
    JsonObject merged = notes.copy();
    changes.forEach(
        entry -> {
          if (entry.getValue() == null) {
            merged.remove(entry.getKey());
          } else {
            merged.put(entry.getKey(), entry.getValue());
          }
        });
    return merged;
  }
}
