package io.taskbus.bus;

import io.taskbus.events.JobEvents;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Mercury's URLs: {@code WS /bus|pub|sub|push|pull/{topic}} and {@code POST /bus|pub|push/{topic}}
 * (200 with an empty body, as Mercury). Errors answer JSON, as everywhere in Taskbus.
 */
public final class BridgeRoutes {
  private static final String JOB_EVENTS_READ_ONLY =
      "topics under jobs/ carry job events written by Taskbus; subscribe with /sub or /events";
  private final Vertx vertx;
  private final Bus bus;
  private final OriginPolicy origins;

  public BridgeRoutes(Vertx vertx, Bus bus) {
    this.vertx = vertx;
    this.bus = bus;
    this.origins = new OriginPolicy(bus.options().allowedOrigins());
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(bus.options().maxMessageBytes());
    for (Mode mode : Mode.values()) {
      String path = "/" + mode.path() + "/*";
      router.post(path).handler(body).handler(ctx -> post(ctx, mode));
      router.get(path).handler(ctx -> connect(ctx, mode));
    }
    router.get("/events/*").handler(this::events);
  }

  /** Server-Sent Events: {@code Last-Event-ID} (header, or query for a first connect) resumes. */
  private void events(RoutingContext ctx) {
    String path = ctx.request().path();
    String topic =
        URLDecoder.decode(path.length() <= 8 ? "" : path.substring(8), StandardCharsets.UTF_8);
    String problem = Topic.problem(topic);
    if (problem != null) {
      error(ctx, 400, problem);
      return;
    }
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (!origins.allows(origin)) {
      error(ctx, 403, "origin " + origin + " is not allowed (bus.allowed-origins)");
      return;
    }
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId == null) {
      lastEventId = ctx.request().getParam("lastEventID");
    }
    new EventStream(vertx, bus, ctx.response(), topic).start(lastEventId);
  }

  private String topic(RoutingContext ctx, Mode mode) {
    String path = ctx.request().path();
    int start = mode.path().length() + 2;
    String raw = path.length() <= start ? "" : path.substring(start);
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  private void connect(RoutingContext ctx, Mode mode) {
    String topic = topic(ctx, mode);
    String problem = Topic.problem(topic);
    if (problem != null) {
      error(ctx, 400, problem);
      return;
    }
    if (JobEvents.covers(topic) && mode != Mode.SUB) {
      error(ctx, 403, JOB_EVENTS_READ_ONLY);
      return;
    }
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).equals("websocket")) {
      error(ctx, 400, "connect with a WebSocket; HTTP clients may POST to /pub, /bus or /push");
      return;
    }
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (!origins.allows(origin)) {
      error(ctx, 403, "origin " + origin + " is not allowed (bus.allowed-origins)");
      return;
    }
    ConnectionParams params;
    try {
      params = ConnectionParams.of(ctx.request());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> new BusConnection(vertx, bus, socket, mode, topic, params).start())
        .onFailure(e -> error(ctx, 400, "WebSocket handshake failed: " + e.getMessage()));
  }

  private void post(RoutingContext ctx, Mode mode) {
    String topic = topic(ctx, mode);
    String problem = Topic.problem(topic);
    if (problem != null) {
      error(ctx, 400, problem);
      return;
    }
    if (mode == Mode.SUB || mode == Mode.PULL) {
      error(
          ctx, 405, "POST publishes to /pub, /bus or /push; /" + mode.path() + " is for receiving");
      return;
    }
    if (JobEvents.covers(topic)) {
      error(ctx, 403, JOB_EVENTS_READ_ONLY);
      return;
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean binary =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
    Buffer payload = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (!binary && !TextFrames.utf8(payload)) {
      error(
          ctx,
          400,
          "the body is not UTF-8 text; send other bytes with Content-Type:"
              + " application/octet-stream");
      return;
    }
    BusMessage message = new BusMessage(topic, binary, payload, "http");
    String stream = bus.streamOf(mode, topic).orElse(null);
    String stored = "could not store the message: ";
    if (stream != null && mode == Mode.PUSH) {
      bus.pushDurable(message)
          .onSuccess(id -> json(ctx, new JsonObject().put("id", id)))
          .onFailure(e -> error(ctx, 503, stored + e.getMessage()));
    } else if (stream != null) {
      // Durable: 200 only once stored, with the offset a resuming subscriber can use.
      bus.publishDurable(stream, message)
          .onSuccess(
              appended ->
                  json(
                      ctx,
                      new JsonObject()
                          .put("offset", appended.first())
                          .put("epoch", appended.epoch())))
          .onFailure(e -> error(ctx, 503, stored + e.getMessage()));
    } else if (mode == Mode.PUSH) {
      bus.push(message)
          .onSuccess(v -> ctx.response().setStatusCode(200).end())
          .onFailure(e -> error(ctx, 503, e.getMessage()));
    } else {
      bus.publish(mode, message);
      ctx.response().setStatusCode(200).end();
    }
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (status == 503) {
      ctx.response().putHeader("Retry-After", "5");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
