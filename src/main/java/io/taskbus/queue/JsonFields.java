package io.taskbus.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields from user JSON, with messages that say what was wrong and what is accepted.
 */
final class JsonFields {
  private final JsonObject json;
  private final String prefix;

  JsonFields(JsonObject json, String prefix, Set<String> known) {
    this.json = json;
    this.prefix = prefix;
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw new ValidationException(
            prefix + name,
            "unknown field \""
                + prefix
                + name
                + "\"; accepted: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  boolean has(String name) {
    return json.containsKey(name) && json.getValue(name) != null;
  }

  private String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }

  private ValidationException invalid(String name, String accepted) {
    return new ValidationException(
        prefix + name,
        prefix + name + " must be " + accepted + ", got " + describe(json.getValue(name)));
  }

  String string(String name, String fallback) {
    if (!has(name)) {
      return fallback;
    }
    if (json.getValue(name) instanceof String s && !s.isEmpty() && s.length() <= 1000) {
      return s;
    }
    throw invalid(name, "a non-empty string of at most 1000 characters");
  }

  Integer integer(String name, Integer fallback, long min) {
    if (!has(name)) {
      return fallback;
    }
    Object value = json.getValue(name);
    if (value instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min
        && n.doubleValue() <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw invalid(name, "an integer between " + min + " and " + Integer.MAX_VALUE);
  }

  Duration seconds(String name, Duration fallback, boolean positive) {
    if (!has(name)) {
      return fallback;
    }
    Object value = json.getValue(name);
    if (value instanceof Number n
        && Double.isFinite(n.doubleValue())
        && (positive ? n.doubleValue() > 0 : n.doubleValue() >= 0)
        && n.doubleValue() <= 10L * 365 * 24 * 3600) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    throw invalid(
        name,
        (positive ? "a positive" : "a non-negative") + " number of seconds (at most ten years)");
  }

  Boolean bool(String name, Boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    if (json.getValue(name) instanceof Boolean b) {
      return b;
    }
    throw invalid(name, "true or false");
  }

  JsonArray array(String name, JsonArray fallback) {
    if (!has(name)) {
      return fallback;
    }
    if (json.getValue(name) instanceof JsonArray a) {
      return a;
    }
    throw invalid(name, "a JSON array");
  }

  JsonObject object(String name, JsonObject fallback) {
    if (!has(name)) {
      return fallback;
    }
    if (json.getValue(name) instanceof JsonObject o) {
      return o;
    }
    throw invalid(name, "a JSON object");
  }

  List<Long> ids(String name, List<Long> fallback) {
    JsonArray array = array(name, null);
    if (array == null) {
      return fallback;
    }
    List<Long> ids = new ArrayList<>();
    for (Object value : array) {
      if (value instanceof Number n
          && n.doubleValue() == Math.rint(n.doubleValue())
          && n.longValue() > 0) {
        ids.add(n.longValue());
      } else {
        throw invalid(name, "an array of job ids (positive integers)");
      }
    }
    return ids;
  }
}
