package io.taskbus.web;

import io.taskbus.job.StoreUnavailableException;
import io.taskbus.queue.ValidationException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error answers with a JSON body {"error": ..., "field"?: ...} and a fitting status. */
final class HttpErrors {
  private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);
  static final String RETRY_AFTER_SECONDS = "5";

  private HttpErrors() {}

  static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    if (status == 503) {
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  static void send(RoutingContext ctx, int status, String message) {
    send(ctx, status, new JsonObject().put("error", message));
  }

  /** Maps a failure to a response; unexpected ones are logged and answered 500. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof ValidationException v) {
      send(ctx, 400, v.toJson());
    } else if (e instanceof DecodeException decode) {
      send(ctx, 400, JsonSyntax.describe(decode));
    } else if (e instanceof StoreUnavailableException unavailable) {
      send(ctx, 503, unavailable.forClients());
    } else if (e instanceof ReplyException reply) {
      replyFailure(ctx, reply);
    } else {
      log.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), e);
      send(ctx, 500, "internal error: " + e.getMessage());
    }
  }

  private static void replyFailure(RoutingContext ctx, ReplyException reply) {
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      send(ctx, 503, "no handler answered: " + reply.getMessage());
      return;
    }
    JsonObject body;
    try {
      body = new JsonObject(reply.getMessage());
    } catch (DecodeException e) {
      body = new JsonObject().put("error", reply.getMessage());
    }
    send(ctx, reply.failureCode(), body);
  }

  /** The failure handler of the router: body too large, bad routes, thrown exceptions. */
  static void routerFailure(RoutingContext ctx) {
    if (ctx.failure() != null) {
      fail(ctx, ctx.failure());
      return;
    }
    int status = ctx.statusCode();
    String message =
        switch (status) {
          case 413 -> "the body is larger than the configured http.max-body-bytes";
          case 404 -> "no such resource: " + ctx.request().path();
          case 405 ->
              "method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
          default -> "request failed";
        };
    send(ctx, status, message);
  }
}
