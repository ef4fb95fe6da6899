package io.taskbus.web;

import io.taskbus.queue.ValidationException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Reads path, query and body values, throwing {@link ValidationException} on bad input. */
final class Requests {
  private Requests() {}

  static long id(RoutingContext ctx) {
    String value = ctx.pathParam("id");
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ValidationException("id", "id must be a positive integer, got \"" + value + "\"");
  }

  /** The JSON body as parsed (object, array or scalar); an empty body is an empty object. */
  static Object body(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ValidationException("", JsonSyntax.describe(e));
    }
  }

  static JsonObject object(RoutingContext ctx) {
    Object body = body(ctx);
    if (body instanceof JsonObject object) {
      return object;
    }
    throw new ValidationException("", "the body must be a JSON object");
  }

  /** Comma-separated or repeated query values. */
  static <T> List<T> list(RoutingContext ctx, String name, Function<String, T> parse) {
    List<T> values = new ArrayList<>();
    for (String param : ctx.queryParam(name)) {
      for (String part : param.split(",")) {
        if (!part.isBlank()) {
          try {
            values.add(parse.apply(part.strip()));
          } catch (RuntimeException e) {
            throw new ValidationException(name, name + ": " + e.getMessage());
          }
        }
      }
    }
    return values;
  }

  static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(values.get(0));
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ValidationException(
        name,
        name
            + " must be an integer between "
            + min
            + " and "
            + max
            + ", got \""
            + values.get(0)
            + "\"");
  }

  static long positiveLong(String text) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value <= 0) {
      throw new NumberFormatException("must be a positive integer, got \"" + text + "\"");
    }
    return value;
  }

  static void unknownParams(RoutingContext ctx, String... known) {
    List<String> accepted = Arrays.asList(known);
    for (String name : ctx.queryParams().names()) {
      if (!accepted.contains(name)) {
        throw new ValidationException(
            name,
            "unknown query parameter \"" + name + "\"; accepted: " + String.join(", ", known));
      }
    }
  }
}
